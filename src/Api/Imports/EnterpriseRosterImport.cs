using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// The enterprise roster (企业名录): profile, segments and the tier recognition in force, matched on the credit
/// code and checked by the grain's own rules (EnterpriseRules). A new enterprise is registered with its
/// recognition in one write; an existing one takes its changes and a new recognition together. A commit's
/// registrations can be withdrawn as a whole while nothing was recorded on them since.
/// </summary>
public sealed class EnterpriseRosterImport(
    NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, Grains.Tiers.TierCriteria criteria, IGrainFactory grains, TimeProvider clock) : ImportKind
{
    /// <summary>The template's sample row names this company; a row still naming it is refused, never imported.</summary>
    public const string SampleName = SampleMark + "天津示例细胞科技有限公司";

    private const string Code = "统一社会信用代码";

    public override string Kind => "enterprises";

    public override string Title => "企业名录";

    public override string MatchNote => "按统一社会信用代码匹配已登记企业；空白单元格不修改原值。";

    public override bool Revertible => true;

    /// <summary>A workbook may hold the 产品管线 and 融资与资助 sheets too: they are imported with the roster, a new enterprise's products and funding written with it.</summary>
    public override IReadOnlyList<string> Companions => ["products", "funding"];

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new(Code, true, "18 位，全角、空格和小写会自动规范", "91120116MA05KX4H34"),
        new("企业名称", true, "工商登记名称", SampleName),
        new("英文名称", false, "", "Tianjin Example Cell Technology Co., Ltd."),
        new("细分领域", true, "一个或多个，用、分隔；取值见“细分领域”表", "细胞治疗、干细胞", "细分领域"),
        new("成立日期", false, "2025-03-01、2025/3/1 或 2025年3月1日", "2019-03-01"),
        new("所在区", false, "", "滨海新区"),
        new("从业人数", false, "整数", "120"),
        new("营业收入（万元）", false, "上一财务年度，万元（表头写“（元）”则按元）", "3500"),
        new("研发投入（万元）", false, "上一财务年度，万元", "800"),
        new("财务年度", false, "营业收入和研发投入所属年度", "2025"),
        new("梯度", false, "现行认定：雏鹰、瞪羚、领军培育或领军；“无”或空白表示不记录认定", "雏鹰", "梯度"),
        new("认定日期", false, "填写梯度时必填", "2024-06-30"),
        new("认定批次", false, "如“2024年第一批”", "2024年第一批"),
        new("有效期至", false, "空白按政策有效期计算", ""),
        new("认定说明", false, "认定与系统的资格评估结论不一致时必填（如评估认为成立年限不符）", ""),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("细分领域", taxonomy.Segments.Select(s => s.Name).ToArray()),
        new("梯度", taxonomy.Tiers.Select(t => t.Name).ToArray()),
    ]);

    // The grain's field names, by the column that carries them (for its field errors).
    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["name"] = "企业名称", ["nameEn"] = "英文名称", ["segments"] = "细分领域", ["foundedOn"] = "成立日期", ["district"] = "所在区",
        ["headcount"] = "从业人数", ["revenueYuan"] = "营业收入（万元）", ["rdSpendYuan"] = "研发投入（万元）", ["financialYear"] = "财务年度",
        ["recognition.tier"] = "梯度", ["recognition.recognizedOn"] = "认定日期", ["recognition.batch"] = "认定批次", ["recognition.validUntil"] = "有效期至", ["recognition.reason"] = "认定说明",
        ["recognitions.tier"] = "梯度", ["recognitions.recognizedOn"] = "认定日期", ["recognitions.batch"] = "认定批次", ["recognitions.validUntil"] = "有效期至", ["recognitions.reason"] = "认定说明",
        ["creditCode"] = Code,
    };

    private sealed record Existing
    {
        public string CreditCode { get; init; } = "";
        public string Name { get; init; } = "";
        public string? NameEn { get; init; }
        public string[] Segments { get; init; } = [];
        public DateOnly? FoundedOn { get; init; }
        public string? District { get; init; }
        public int? Headcount { get; init; }
        public decimal? RevenueYuan { get; init; }
        public decimal? RdSpendYuan { get; init; }
        public int? FinancialYear { get; init; }
        public string Status { get; init; } = "";
        public int Version { get; init; }
    }

    private sealed record KnownRecognition(string CreditCode, string Tier, DateOnly RecognizedOn);

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        var codes = sheet.Rows.Select(r => r.Code(Code)).OfType<string>().Distinct().ToArray();
        Dictionary<string, Existing> existing;
        ILookup<string, KnownRecognition> recognitions;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            existing = (await connection.QueryAsync<Existing>(
                """
                SELECT credit_code AS CreditCode, name, name_en AS NameEn, segments, founded_on AS FoundedOn, district, headcount,
                       revenue_yuan AS RevenueYuan, rd_spend_yuan AS RdSpendYuan, financial_year AS FinancialYear, status, version
                  FROM cv_enterprises WHERE credit_code = ANY(@codes)
                """, new { codes })).ToDictionary(e => e.CreditCode);
            recognitions = (await connection.QueryAsync<KnownRecognition>(
                """
                SELECT credit_code AS CreditCode, tier, recognized_on AS RecognizedOn FROM cv_tier_recognitions
                 WHERE credit_code = ANY(@codes) AND voided_at IS NULL
                """, new { codes })).ToLookup(r => r.CreditCode);
        }

        var seen = new Dictionary<string, int>();
        var planned = new List<PlannedRow>();
        var thresholds = new Dictionary<string, IReadOnlyDictionary<string, decimal?>>();
        foreach (var row in sheet.Rows)
        {
            planned.Add(await CheckAsync(row, sheet, existing, recognitions, seen, mode, thresholds));
        }

        return planned;
    }

    private async Task<PlannedRow> CheckAsync(
        RowCells row, ImportSheet sheet, Dictionary<string, Existing> existing, ILookup<string, KnownRecognition> recognitions, Dictionary<string, int> seen, string mode,
        Dictionary<string, IReadOnlyDictionary<string, decimal?>> thresholds)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "企业名称", "这是模板的示例行，请删除后再导入");
        }

        if (row.Code(Code) is not { } code)
        {
            return row.Refuse(null, Code, "必填");
        }

        if (CreditCode.Validate(code) is { } codeRule)
        {
            return row.Refuse(code, Code, Messages.Rule(FieldError.Of("creditCode", codeRule)));
        }

        if (seen.TryGetValue(code, out var first))
        {
            return row.Refuse(code, Code, $"与第 {first} 行重复，本行不导入");
        }

        seen[code] = row.Number;
        var known = existing.GetValueOrDefault(code);
        if (ModeProblem(mode, known is not null, Code, "企业") is { } modeProblem)
        {
            return row.Refuse(code, modeProblem.Column, modeProblem.Message);
        }

        if (known is { Status: "merged" })
        {
            return row.Refuse(code, Code, "该记录已并入其他企业，请在存续企业下修改");
        }

        var segments = row.Text("细分领域") is { } segmentsText ? Cells.List(segmentsText) : null;
        foreach (var unknown in segments?.Where(s => !taxonomy.IsSegment(s)) ?? [])
        {
            row.Problem("细分领域", Messages.Rule(FieldError.Of("segments", Rule.UnknownSegment(unknown))));
        }

        if (known is null && segments is null)
        {
            row.Problem("细分领域", "必填");
        }

        var incoming = new EnterpriseProfile(
            row.Text("企业名称") ?? known?.Name ?? "",
            row.Text("英文名称") ?? known?.NameEn,
            segments ?? known?.Segments ?? [],
            row.Date("成立日期") ?? known?.FoundedOn,
            row.Text("所在区") ?? known?.District,
            row.Whole("从业人数") ?? known?.Headcount,
            row.Amount("营业收入（万元）") ?? known?.RevenueYuan,
            row.Amount("研发投入（万元）") ?? known?.RdSpendYuan,
            row.Whole("财务年度") ?? known?.FinancialYear,
            []);
        var recognition = Recognition(row);
        var profileRefused = row.Problems.Any(p => p.Column == "细分领域");
        row.Problems.AddRange(EnterpriseRules.Validate(incoming, taxonomy, clock.Today())
            .Where(e => !(e.Field.StartsWith("segments", StringComparison.Ordinal) && profileRefused))
            .Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (recognition is not null)
        {
            row.Problems.AddRange(EnterpriseRules.Validate(recognition, taxonomy, clock.Today())
                .Select(e => new ImportProblemDto(ColumnOf("recognition." + e.Field), Messages.Rule(e))));
        }

        if (known is null && recognition is { Reason: null } && await AgainstVerdictAsync(incoming, recognition, thresholds) is { } against)
        {
            row.Problem("认定说明", against);
        }

        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(code));
        }

        var grain = grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code));
        if (known is null)
        {
            var created = new ImportRowDto(row.Number, code, "created", [], []);
            var products = new List<Grains.Enterprises.ProductImport>();
            var funding = new List<Grains.Funding.NewFunding>();
            return new PlannedRow(created, async who =>
            {
                var outcome = await grain.ImportAsync(new EnterpriseImport(incoming, recognition is null ? [] : [recognition], products, funding), who);
                return outcome.IsOk
                    ? new AppliedRow(created, new CreatedRecord(code, outcome.CurrentVersion, code))
                    : new AppliedRow(Refusal(created, outcome, Code, ColumnOf));
            })
            {
                Collect = part =>
                {
                    if (part is Grains.Products.NewProduct product)
                    {
                        products.Add(new Grains.Enterprises.ProductImport(product, []));
                    }
                    else if (part is Grains.Funding.NewFunding entry)
                    {
                        funding.Add(entry);
                    }
                },
            };
        }

        var changes = new ChangeList();
        changes.Compare("企业名称", incoming.Name, known.Name);
        changes.Compare("英文名称", incoming.NameEn, known.NameEn);
        changes.Compare("细分领域", incoming.Segments, known.Segments);
        changes.Compare("成立日期", incoming.FoundedOn, known.FoundedOn);
        changes.Compare("所在区", incoming.District, known.District);
        changes.Compare("从业人数", incoming.Headcount, known.Headcount);
        changes.Compare("营业收入（万元）", incoming.RevenueYuan, known.RevenueYuan);
        changes.Compare("研发投入（万元）", incoming.RdSpendYuan, known.RdSpendYuan);
        changes.Compare("财务年度", incoming.FinancialYear, known.FinancialYear);
        var profileChanged = changes.Columns.Count > 0;
        if (recognition is not null && !recognitions[code].Any(r => r.Tier == taxonomy.FindTier(recognition.Tier)!.Code && r.RecognizedOn == recognition.RecognizedOn))
        {
            changes.Columns.Add("梯度");
        }
        else
        {
            recognition = null;
        }

        var update = profileChanged
            ? new ProfileChanges(
                Changed("企业名称", incoming.Name), Changed("英文名称", incoming.NameEn ?? ""), changes.Has("细分领域") ? incoming.Segments : null,
                changes.Has("成立日期") ? incoming.FoundedOn : null, Changed("所在区", incoming.District ?? ""),
                changes.Has("从业人数") ? incoming.Headcount : null, changes.Has("营业收入（万元）") ? incoming.RevenueYuan : null,
                changes.Has("研发投入（万元）") ? incoming.RdSpendYuan : null, changes.Has("财务年度") ? incoming.FinancialYear : null)
            : null;
        var updated = new ImportRowDto(row.Number, code, changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        return new PlannedRow(updated, async who =>
        {
            var outcome = await grain.ApplyRowAsync(new EnterpriseRow(known.Version, update, recognition), who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, Code, ColumnOf));
        });

        string? Changed(string column, string value) => changes.Has(column) ? value : null;
    }

    /// <summary>
    /// What the commit would refuse of a new enterprise's recognition: the eligibility engine's verdict on the row's
    /// facts, as of the recognition's day, under the rule set then in force (the grain judges it the same way, before
    /// the products and funding written with it); null when it is met or cannot be judged.
    /// </summary>
    private async Task<string?> AgainstVerdictAsync(EnterpriseProfile profile, RecognizeTier recognition, Dictionary<string, IReadOnlyDictionary<string, decimal?>> thresholds)
    {
        var tier = taxonomy.FindTier(recognition.Tier)!;
        if (tier.Rank == 0 || criteria.InForce(tier.Code, recognition.RecognizedOn) is not { } ruleSet)
        {
            return null;
        }

        if (!thresholds.TryGetValue(ruleSet.Id, out var overrides))
        {
            overrides = (await grains.GetGrain<Grains.Tiers.ITierCriteriaGrain>(Grains.Tiers.TierCriteriaKey.For(ruleSet.Id)).GetAsync()).Overrides;
            thresholds[ruleSet.Id] = overrides;
        }

        var facts = new Grains.Tiers.EligibilityFacts(
            profile.FoundedOn, profile.RevenueYuan, profile.RdSpendYuan, profile.FinancialYear, profile.Headcount, null, null, null, null, null);
        var verdict = Grains.Tiers.TierEligibility.Evaluate(ruleSet, overrides, facts, recognition.RecognizedOn);
        if (verdict.Status != Grains.Tiers.ClauseStatus.NotMet)
        {
            return null;
        }

        var unmet = verdict.Clauses.Where(c => c.Status == Grains.Tiers.ClauseStatus.NotMet).Select(c => c.Id);
        return Messages.Rule(FieldError.Of("reason", Rule.AgainstVerdict(tier.Code, string.Join(", ", unmet), verdict.RuleSet)));
    }

    /// <summary>The recognition a row states (梯度 other than 无, with its date), or null.</summary>
    private RecognizeTier? Recognition(RowCells row)
    {
        var tierText = row.Text("梯度");
        var tier = tierText is null ? null : taxonomy.FindTier(Cells.Normalize(tierText).Replace("企业", "", StringComparison.Ordinal));
        if (tierText is not null && tier is null)
        {
            row.Problem("梯度", "应为以下之一：" + string.Join("、", taxonomy.Tiers.Select(t => t.Name)));
            return null;
        }

        if (tier is null || tier.Code == "none")
        {
            return null;
        }

        if (row.Date("认定日期") is not { } on)
        {
            if (row.Text("认定日期") is null)
            {
                row.Problem("认定日期", "填写梯度时必填");
            }

            return null;
        }

        return new RecognizeTier(tier.Code, on, row.Text("认定批次"), "名录导入", row.Text("认定说明"), row.Date("有效期至"));
    }

    private static string ColumnOf(string field)
    {
        var plain = string.Join('.', field.Split('.').Select(p => p.Split('[')[0]));
        return FieldColumns.GetValueOrDefault(plain) ?? FieldColumns.GetValueOrDefault(plain.Split('.')[^1]) ?? FieldColumns.GetValueOrDefault(plain.Split('.')[0], field);
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var state = await connection.QuerySingleOrDefaultAsync<(int Version, bool Leased, bool Related)>(
            """
            SELECT e.version,
                   EXISTS (SELECT 1 FROM cv_leases l WHERE l.tenant_code = e.credit_code AND l.voided_at IS NULL),
                   EXISTS (SELECT 1 FROM cv_relations r WHERE (r.from_kind = 'enterprise' AND r.from_id = e.credit_code) OR (r.to_kind = 'enterprise' AND r.to_id = e.credit_code))
              FROM cv_enterprises e WHERE e.credit_code = @code
            """, new { code = record.Ref });
        return state switch
        {
            { Version: 0 } => "该企业已不在名录中",
            { Leased: true } => "导入后已为该企业登记租约，请先处理租约",
            { Related: true } => "导入后已为该企业登记关系，请先删除关系",
            _ when state.Version != record.Version => "导入后该企业已被修改，不能撤销",
            _ => null,
        };
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor)
    {
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(record.Ref)).WithdrawAsync(reason, record.Version, actor);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => null,
            OutcomeKind.VersionMismatch => "导入后该企业已被修改，不能撤销",
            OutcomeKind.NotFound => "该企业已不在名录中",
            _ => string.Join("；", outcome.Errors.Select(Messages.Rule)),
        };
    }
}
