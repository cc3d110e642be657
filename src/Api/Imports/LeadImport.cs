using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Leads;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// A 招商 team's lead sheet: each row a target company, matched on its open lead (by credit code, else by
/// company name). A new lead is opened for the importing person, at the row's stage; an open one takes the
/// row's information and moves forward to its stage, in one write (moving back takes a reason, on the lead's page).
/// </summary>
public sealed class LeadImport(NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, LeadCatalogue catalogue, IGrainFactory grains, TimeProvider clock) : ImportKind
{
    private const string Company = "企业 / 项目";

    /// <summary>Lead sources by their Chinese names (as the console shows them).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        ["展会"] = "exhibition", ["论坛活动"] = "forum", ["中介机构"] = "intermediary", ["存量企业推荐"] = "existing-enterprise", ["基金招商"] = "fund",
        ["政府推介"] = "government", ["网络"] = "online", ["企业自荐"] = "self-initiated", ["其他"] = "other",
    };

    public override string Kind => "leads";

    public override string Title => "招商线索";

    public override bool Revertible => true;

    public override string MatchNote => "按统一社会信用代码（没有时按企业 / 项目名称）匹配跟进中的线索；新增线索的负责人为导入人；空白单元格不修改原值。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new(Company, true, "目标企业或项目名称", SampleMark + "上海示例基因治疗有限公司"),
        new("统一社会信用代码", false, "已知时填写", ""),
        new("细分领域", true, "一个；取值见“细分领域”表", "基因治疗", "细分领域"),
        new("补链环节", false, "所补的产业链环节（细分领域）", "", "细分领域"),
        new("线索来源", true, "", "展会", "线索来源"),
        new("阶段", false, "新增时空白为“线索”；“落地”须在线索页办理", "接洽", "阶段"),
        new("进入阶段", false, "空白为今天", "2025-03-01"),
        new("预计投资（万元）", false, "万元（表头写“（元）”则按元）", "5000"),
        new("预计就业", false, "人数", "80"),
        new("需求面积（㎡）", false, "", "1500"),
        new("意向园区", false, "园区编号", ""),
        new("落地可能性", false, "0 到 1 之间，或百分数如 60%", "60%"),
        new("预计落地", false, "", "2026-06-30"),
        new("下次跟进", false, "", "2025-04-15"),
        new("备注", false, "新增时记录", ""),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("细分领域", taxonomy.Segments.Select(s => s.Name).ToArray()),
        new("线索来源", Sources.Keys.ToArray()),
        new("阶段", catalogue.Stages.Where(s => s.Code != "landed").Select(s => s.Name).ToArray()),
    ]);

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["company"] = Company, ["creditCode"] = "统一社会信用代码", ["segment"] = "细分领域", ["chainLink"] = "补链环节", ["source"] = "线索来源",
        ["estimatedInvestmentYuan"] = "预计投资（万元）", ["estimatedJobs"] = "预计就业", ["areaSqm"] = "需求面积（㎡）", ["space"] = "需求面积（㎡）",
        ["preferredParkId"] = "意向园区", ["likelihood"] = "落地可能性", ["estimatedLanding"] = "预计落地", ["nextFollowUp"] = "下次跟进",
        ["note"] = "备注", ["stage"] = "阶段", ["since"] = "进入阶段", ["openedOn"] = "进入阶段",
    };

    private sealed record Existing
    {
        public string LeadId { get; init; } = "";
        public string Company { get; init; } = "";
        public string? CreditCode { get; init; }
        public string Segment { get; init; } = "";
        public string? ChainLink { get; init; }
        public string Source { get; init; } = "";
        public decimal? EstimatedInvestmentYuan { get; init; }
        public int? EstimatedJobs { get; init; }
        public decimal? SpaceAreaSqm { get; init; }
        public string? PreferredParkId { get; init; }
        public decimal? Likelihood { get; init; }
        public DateOnly? EstimatedLanding { get; init; }
        public DateOnly? NextFollowUp { get; init; }
        public string Stage { get; init; } = "";
        public int StageRank { get; init; }
        public int Version { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        Existing[] open;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            open = (await connection.QueryAsync<Existing>(
                """
                SELECT lead_id AS LeadId, company, trim(credit_code) AS CreditCode, segment, chain_link AS ChainLink, source,
                       estimated_investment_yuan AS EstimatedInvestmentYuan, estimated_jobs AS EstimatedJobs, space_area_sqm AS SpaceAreaSqm,
                       preferred_park_id AS PreferredParkId, likelihood, estimated_landing AS EstimatedLanding, next_follow_up AS NextFollowUp,
                       stage, stage_rank AS StageRank, version
                  FROM cv_leads WHERE status NOT IN ('lost', 'won')
                """)).ToArray();
        }

        var byCode = open.Where(l => l.CreditCode is not null).GroupBy(l => l.CreditCode!).ToDictionary(g => g.Key, g => g.First());
        var byName = open.GroupBy(l => NameKey(l.Company)).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>();
        var stages = catalogue.Stages.ToDictionary(s => s.Name, s => s.Code);
        return sheet.Rows.Select(row => Check(row, mode, caller, byCode, byName, seen, stages)).ToArray();
    }

    private static string NameKey(string name) => Cells.Code(name).ToLowerInvariant();

    private PlannedRow Check(
        RowCells row, string mode, ImportCaller caller, Dictionary<string, Existing> byCode, Dictionary<string, Existing> byName,
        Dictionary<string, int> seen, Dictionary<string, string> stages)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, Company, "这是模板的示例行，请删除后再导入");
        }

        var company = row.Required(Company);
        var code = row.Code("统一社会信用代码");
        if (company is null)
        {
            return new PlannedRow(row.Refusal(code));
        }

        if (code is not null && CreditCode.Validate(code) is { } codeRule)
        {
            return row.Refuse(company, "统一社会信用代码", Messages.Rule(FieldError.Of("creditCode", codeRule)));
        }

        var seenKey = code ?? NameKey(company);
        if (seen.TryGetValue(seenKey, out var first))
        {
            return row.Refuse(company, Company, $"与第 {first} 行是同一家企业，本行不导入");
        }

        seen[seenKey] = row.Number;
        var known = (code is null ? null : byCode.GetValueOrDefault(code)) ?? byName.GetValueOrDefault(NameKey(company));
        if (ModeProblem(mode, known is not null, Company, "企业的跟进中线索") is { } modeProblem)
        {
            return row.Refuse(company, modeProblem.Column, modeProblem.Message);
        }

        var stage = row.Choice("阶段", stages);
        if (stage == "landed")
        {
            row.Problem("阶段", "落地须在线索页办理（登记企业、签订租约）");
        }

        var likelihood = row.Text("落地可能性") is { } share ? Share(row, share) : null;
        var area = row.Decimal("需求面积（㎡）");
        var park = row.Text("意向园区");
        var info = new LeadInfo(
            company, code ?? known?.CreditCode, row.Text("细分领域") ?? known?.Segment ?? "", row.Text("补链环节") ?? known?.ChainLink,
            row.Choice("线索来源", Sources) ?? known?.Source ?? "",
            row.Amount("预计投资（万元）") ?? known?.EstimatedInvestmentYuan, row.Whole("预计就业") ?? known?.EstimatedJobs,
            area is null && park is null && known?.SpaceAreaSqm is null && known?.PreferredParkId is null ? null
                : new SpaceNeeds(area ?? known?.SpaceAreaSqm, null, park ?? known?.PreferredParkId),
            likelihood ?? known?.Likelihood, row.Date("预计落地") ?? known?.EstimatedLanding, row.Date("下次跟进") ?? known?.NextFollowUp,
            row.Text("备注"));
        var since = row.Date("进入阶段");
        if (known is null && row.Text("线索来源") is null)
        {
            row.Problem("线索来源", "必填");
        }

        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(company));
        }

        row.Problems.AddRange(LeadRules.Validate(info, taxonomy, catalogue, clock.Today()).Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (known is not null && stage is not null && catalogue.FindStage(stage)!.Rank < known.StageRank)
        {
            row.Problem("阶段", $"阶段不能从“{catalogue.FindStage(known.Stage)?.Name}”后退；如需退回请在线索页说明原因");
        }

        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(company));
        }

        if (known is null)
        {
            var created = new ImportRowDto(row.Number, company, "created", [], []);
            return new PlannedRow(created, async who =>
            {
                var id = "L" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));
                var outcome = await grains.Ref<ILeadGrain>(LeadKey.For(id))
                    .OpenAtStageAsync(info, caller.PersonId ?? who.Name, caller.PersonName ?? who.Name, null, stage ?? "lead", since, who);
                return outcome.IsOk
                    ? new AppliedRow(created with { Key = $"{company} {id}" }, new CreatedRecord(id, outcome.CurrentVersion, $"{company} {id}"))
                    : new AppliedRow(Refusal(created, outcome, Company, ColumnOf));
            });
        }

        var changes = new ChangeList();
        changes.Compare(Company, info.Company, known.Company);
        changes.Compare("统一社会信用代码", info.CreditCode, known.CreditCode);
        changes.Compare("细分领域", info.Segment, known.Segment);
        changes.Compare("补链环节", info.ChainLink, known.ChainLink);
        changes.Compare("线索来源", info.Source, known.Source);
        changes.Compare("预计投资（万元）", info.EstimatedInvestmentYuan, known.EstimatedInvestmentYuan);
        changes.Compare("预计就业", info.EstimatedJobs, known.EstimatedJobs);
        changes.Compare("需求面积（㎡）", info.Space?.AreaSqm, known.SpaceAreaSqm);
        changes.Compare("意向园区", info.Space?.PreferredParkId, known.PreferredParkId);
        changes.Compare("落地可能性", info.Likelihood, known.Likelihood);
        changes.Compare("预计落地", info.EstimatedLanding, known.EstimatedLanding);
        changes.Compare("下次跟进", info.NextFollowUp, known.NextFollowUp);
        var moveTo = stage is not null && stage != known.Stage ? stage : null;
        if (moveTo is not null)
        {
            changes.Columns.Add("阶段");
        }

        var updated = new ImportRowDto(row.Number, $"{company} {known.LeadId}", changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        return new PlannedRow(updated, async who =>
        {
            var grain = grains.Ref<ILeadGrain>(LeadKey.For(known.LeadId));
            // What the sheet does not say (the fit-out a lead needs, its note) is kept as the lead has it.
            var current = await grain.GetAsync();
            var merged = info with
            {
                Space = info.Space is null ? current?.Info.Space : info.Space with { FitOut = current?.Info.Space?.FitOut },
                Note = info.Note ?? current?.Info.Note,
            };
            var outcome = await grain.ReviseAsync(merged, moveTo, since, known.Version, who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, Company, ColumnOf));
        });
    }

    private static decimal? Share(RowCells row, string text)
    {
        var t = Cells.Normalize(text);
        var percent = t.EndsWith('%');
        if (decimal.TryParse(percent ? t[..^1] : t, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return percent || value > 1 ? Math.Round(value / 100m, 4) : value;
        }

        row.Problem("落地可能性", "应为 0 到 1 之间的数，或百分数如 60%");
        return null;
    }

    private static string ColumnOf(string field)
    {
        var parts = field.Split('.').Select(p => p.Split('[')[0]).ToArray();
        return FieldColumns.GetValueOrDefault(parts[^1]) ?? FieldColumns.GetValueOrDefault(parts[0], field);
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var version = await connection.QuerySingleOrDefaultAsync<int?>("SELECT version FROM cv_leads WHERE lead_id = @id", new { id = record.Ref });
        return version switch
        {
            null => "该线索已不在线索库中",
            _ when version != record.Version => "导入后该线索已有跟进或修改，不能撤销",
            _ => null,
        };
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor)
    {
        var outcome = await grains.Ref<ILeadGrain>(LeadKey.For(record.Ref)).WithdrawAsync(reason, record.Version, actor);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => null,
            OutcomeKind.VersionMismatch => "导入后该线索已有跟进或修改，不能撤销",
            OutcomeKind.NotFound => "该线索已不在线索库中",
            _ => string.Join("；", outcome.Errors.Select(Messages.Rule)),
        };
    }
}
