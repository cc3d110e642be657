using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Products;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// The product pipeline (产品管线): each row a product of a registered enterprise, matched on its product number
/// or on the enterprise and product name; a new one is added at its stage, an existing one takes its new
/// description and moves forward to its new stage in one write (a stage going back is a correction made on
/// the product's page, not by a sheet).
/// </summary>
public sealed class ProductImport(NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, IGrainFactory grains, TimeProvider clock) : ImportKind
{
    private const string Code = "统一社会信用代码";

    public override string Kind => "products";

    public override string Title => "产品管线";

    public override bool Revertible => true;

    public override string MatchNote => "有“产品编号”时按编号匹配，否则按统一社会信用代码和产品名称匹配；空白单元格不修改原值。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("产品编号", false, "更新已登记产品时填写（可从产品管线导出）；新增留空", ""),
        new(Code, true, "产品所属企业（须已登记）", "91120116MA05KX4H34"),
        new("产品名称", true, "同一企业内不重复", SampleMark + "CV-101 注射液"),
        new("产品类别", true, "", "CAR-T 细胞治疗", "产品类别"),
        new("注册分类", false, "如“1类”“治疗用生物制品 1类”", "治疗用生物制品 1类"),
        new("适应症", false, "", "复发/难治性 B 细胞淋巴瘤"),
        new("创新医疗器械", false, "是 / 否（器械类产品）", "否"),
        new("阶段", false, "新增时空白为“药物发现”", "I期临床", "阶段"),
        new("进入阶段日期", false, "空白为今天", "2025-03-01"),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("产品类别", taxonomy.ProductKinds.Select(k => k.Name).ToArray()),
        new("阶段", taxonomy.ProductStages.Select(s => s.Name).ToArray()),
    ]);

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["name"] = "产品名称", ["kind"] = "产品类别", ["registrationClass"] = "注册分类", ["indication"] = "适应症", ["innovativeDevice"] = "创新医疗器械",
        ["stage"] = "阶段", ["stageDate"] = "进入阶段日期", ["date"] = "进入阶段日期", ["products"] = "产品名称", ["creditCode"] = Code,
    };

    private sealed record Existing
    {
        public string ProductId { get; init; } = "";
        public string CreditCode { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? RegistrationClass { get; init; }
        public string? Indication { get; init; }
        public bool InnovativeDevice { get; init; }
        public string Stage { get; init; } = "";
        public int StageRank { get; init; }
        public int Version { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        var rows = sheet.Rows.ToArray();
        var codes = rows.Select(r => r.Code(Code)).OfType<string>().Distinct().ToArray();
        var ids = rows.Select(r => r.Code("产品编号")).OfType<string>().Distinct().ToArray();
        Dictionary<string, string> enterprises;
        Existing[] products;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            enterprises = (await connection.QueryAsync<(string Code, string Status)>(
                "SELECT credit_code, status FROM cv_enterprises WHERE credit_code = ANY(@codes)", new { codes })).ToDictionary(e => e.Code, e => e.Status);
            products = (await connection.QueryAsync<Existing>(
                """
                SELECT product_id AS ProductId, credit_code AS CreditCode, name, kind, registration_class AS RegistrationClass, indication,
                       innovative_device AS InnovativeDevice, stage, stage_rank AS StageRank, version
                  FROM cv_products WHERE credit_code = ANY(@codes) OR product_id = ANY(@ids)
                """, new { codes, ids })).ToArray();
        }

        var byId = products.ToDictionary(p => p.ProductId);
        var byName = products.GroupBy(p => (p.CreditCode, NameKey(p.Name))).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>();
        var kinds = taxonomy.ProductKinds.ToDictionary(k => k.Name, k => k.Code);
        var stages = taxonomy.ProductStages.ToDictionary(s => s.Name, s => s.Code);
        return rows.Select(row => Check(row, mode, caller.Creating, enterprises, byId, byName, seen, kinds, stages)).ToArray();
    }

    private static string NameKey(string name) => Cells.Normalize(name).ToLowerInvariant();

    private PlannedRow Check(
        RowCells row, string mode, IReadOnlySet<string> creating, Dictionary<string, string> enterprises, Dictionary<string, Existing> byId, Dictionary<(string, string), Existing> byName,
        Dictionary<string, int> seen, Dictionary<string, string> kinds, Dictionary<string, string> stages)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "产品名称", "这是模板的示例行，请删除后再导入");
        }

        var code = row.Code(Code);
        var name = row.Required("产品名称");
        if (code is null)
        {
            return row.Refuse(null, Code, "必填");
        }

        var key = $"{code} {name}";
        var status = creating.Contains(code) ? "creating" : null;
        if (status is null && !enterprises.TryGetValue(code, out status))
        {
            return row.Refuse(key, Code, "该企业尚未登记，请先导入企业名录");
        }

        if (status == "merged")
        {
            return row.Refuse(key, Code, "该记录已并入其他企业，请在存续企业下登记产品");
        }

        Existing? known = null;
        if (row.Code("产品编号") is { } id)
        {
            if (!byId.TryGetValue(id, out known) || known.CreditCode != code)
            {
                return row.Refuse(key, "产品编号", "该企业没有这个产品编号");
            }
        }
        else if (name is not null)
        {
            known = byName.GetValueOrDefault((code, NameKey(name)));
        }

        if (name is null)
        {
            return new PlannedRow(row.Refusal(key));
        }

        var seenKey = known?.ProductId ?? $"{code}|{NameKey(name)}";
        if (seen.TryGetValue(seenKey, out var first))
        {
            return row.Refuse(key, "产品名称", $"与第 {first} 行是同一产品，本行不导入");
        }

        seen[seenKey] = row.Number;
        if (ModeProblem(mode, known is not null, "产品名称", "产品") is { } modeProblem)
        {
            return row.Refuse(key, modeProblem.Column, modeProblem.Message);
        }

        var kind = row.Choice("产品类别", kinds) ?? known?.Kind;
        var stage = row.Choice("阶段", stages);
        var stageDate = row.Date("进入阶段日期");
        var incoming = new NewProduct(
            name, kind ?? "", row.Text("注册分类") ?? known?.RegistrationClass, row.Text("适应症") ?? known?.Indication,
            row.YesNo("创新医疗器械") ?? known?.InnovativeDevice ?? false, stage ?? known?.Stage, stageDate);
        if (kind is null && !row.Problems.Any(p => p.Column == "产品类别"))
        {
            row.Problem("产品类别", "必填");
        }

        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(key));
        }

        row.Problems.AddRange(ProductRules.Validate(incoming with { Stage = incoming.Stage ?? "discovery" }, taxonomy, clock.Today())
            .Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(key));
        }

        if (status == "creating")
        {
            // An enterprise the workbook's roster creates: the product is written with it.
            return new PlannedRow(new ImportRowDto(row.Number, key, "created", [], [])) { Part = incoming, Owner = code };
        }

        var grain = grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code));
        if (known is null)
        {
            var created = new ImportRowDto(row.Number, key, "created", [], []);
            return new PlannedRow(created, async who =>
            {
                var outcome = await grain.ApplyRowAsync(new EnterpriseRow(null, NewProduct: incoming), who);
                return outcome.IsOk
                    ? new AppliedRow(created with { Key = $"{code} {outcome.Value!.ProductId}" },
                        new CreatedRecord($"{code}/{outcome.Value.ProductId}", outcome.Value.ProductVersion ?? 1, $"{code} {outcome.Value.ProductId}"))
                    : new AppliedRow(Refusal(created, outcome, Code, ColumnOf));
            }) { Order = code };
        }

        var changes = new ChangeList();
        changes.Compare("产品名称", incoming.Name.Trim(), known.Name);
        changes.Compare("产品类别", incoming.Kind, known.Kind);
        changes.Compare("注册分类", incoming.RegistrationClass, known.RegistrationClass);
        changes.Compare("适应症", incoming.Indication, known.Indication);
        changes.Compare("创新医疗器械", incoming.InnovativeDevice, known.InnovativeDevice);
        var description = changes.Columns.Count > 0
            ? new ProductChanges(
                changes.Has("产品名称") ? incoming.Name : null, changes.Has("产品类别") ? incoming.Kind : null,
                changes.Has("注册分类") ? incoming.RegistrationClass ?? "" : null, changes.Has("适应症") ? incoming.Indication ?? "" : null,
                changes.Has("创新医疗器械") ? incoming.InnovativeDevice : null)
            : null;
        StageMove? move = null;
        if (stage is not null && stage != known.Stage)
        {
            if (taxonomy.FindStage(stage)!.Rank < known.StageRank)
            {
                return row.Refuse(key, "阶段", $"阶段不能从“{taxonomy.FindStage(known.Stage)?.Name}”后退；如需更正请在产品页操作");
            }

            move = new StageMove(stage, stageDate ?? clock.Today(), false, null, "表格导入");
            changes.Columns.Add("阶段");
        }

        var updated = new ImportRowDto(row.Number, $"{code} {known.ProductId}", changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        return new PlannedRow(updated, async who =>
        {
            var outcome = await grain.ApplyRowAsync(
                new EnterpriseRow(null, ProductId: known.ProductId, ProductChanges: description, StageMove: move, ProductVersion: known.Version), who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, "产品编号", ColumnOf));
        }) { Order = code };
    }

    private static string ColumnOf(string field)
    {
        var parts = field.Split('.').Select(p => p.Split('[')[0]).ToArray();
        return FieldColumns.GetValueOrDefault(parts[^1]) ?? FieldColumns.GetValueOrDefault(parts[0], field);
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        var productId = record.Ref.Split('/')[1];
        await using var connection = await dataSource.OpenConnectionAsync();
        var state = await connection.QuerySingleOrDefaultAsync<(int Version, bool Granted)?>(
            """
            SELECT p.version, EXISTS (SELECT 1 FROM cv_funding f WHERE f.product_id = p.product_id AND f.voided_at IS NULL)
              FROM cv_products p WHERE p.product_id = @productId
            """, new { productId });
        return state switch
        {
            null => "该产品已不在管线中",
            { Granted: true } => "导入后已有政府资助记录指向该产品，请先作废该资助",
            _ when state.Value.Version != record.Version => "导入后该产品已被修改，不能撤销",
            _ => null,
        };
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor)
    {
        var parts = record.Ref.Split('/');
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(parts[0])).WithdrawProductAsync(parts[1], reason, record.Version, actor);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => null,
            OutcomeKind.VersionMismatch => "导入后该产品已被修改，不能撤销",
            OutcomeKind.NotFound => "该产品已不在管线中",
            _ => string.Join("；", outcome.Errors.Select(Messages.Rule)),
        };
    }
}
