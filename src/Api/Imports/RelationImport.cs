using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Relations;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// Relations (产业链关系): each row a typed relation between two registered parties, named by credit code, by
/// name (an enterprise, institution, platform or park) or as kind:id. A relation already recorded is reported
/// unchanged; ending one is done on its page.
/// </summary>
public sealed class RelationImport(NpgsqlDataSource dataSource, IGrainFactory grains) : ImportKind
{
    private static readonly IReadOnlyDictionary<string, string> Disclosures = new Dictionary<string, string> { ["公开"] = "disclosed", ["推断"] = "inferred" };

    public override string Kind => "relations";

    public override string Title => "产业链关系";

    public override bool Revertible => true;

    public override string MatchNote => "甲方、乙方填写统一社会信用代码或登记名称（企业、高校院所与医院、平台、园区）；已登记的同一关系显示为无变化。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("关系类型", true, "", "供应", "关系类型"),
        new("甲方", true, "供应、服务、投资、许可的一方；统一社会信用代码或登记名称", "91120116MA05KX4H34"),
        new("乙方", true, "接受的一方", SampleMark + "天津示例生物制药有限公司"),
        new("供应内容", false, "关系类型为“供应”时必填，如“培养基”", "培养基"),
        new("开始日期", false, "", "2024-01-01"),
        new("公开程度", false, "公开（默认）或推断", "公开", "公开程度"),
        new("备注", false, "", ""),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("关系类型", RelationTypes.All.Select(t => t.Name).ToArray()),
        new("公开程度", Disclosures.Keys.ToArray()),
    ]);

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["type"] = "关系类型", ["from"] = "甲方", ["to"] = "乙方", ["supplyKind"] = "供应内容", ["since"] = "开始日期", ["disclosure"] = "公开程度", ["note"] = "备注",
    };

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        // Only the parties the sheet names, matched as Cells.Code matches (NFKC, no spaces, upper case), and their relations.
        var rows = sheet.Rows.ToArray();
        var named = rows.SelectMany(r => new[] { r.Text("甲方"), r.Text("乙方") }).OfType<string>().Select(Cells.Code).Distinct().ToArray();
        ILookup<string, EntityRef> byName;
        HashSet<string> codes;
        HashSet<string> recorded;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var found = (await connection.QueryAsync<(string Kind, string Id, string Name)>(
                """
                WITH parties AS (
                    SELECT 'enterprise' AS kind, credit_code AS id, name FROM cv_enterprises WHERE status <> 'merged'
                    UNION ALL SELECT 'institution', institution_id, name FROM cv_institutions
                    UNION ALL SELECT 'platform', platform_id, name FROM cv_platforms
                    UNION ALL SELECT 'park', park_id, name FROM cv_parks)
                SELECT kind, id, name FROM parties
                 WHERE id = ANY(@named) OR upper(regexp_replace(normalize(name, NFKC), '\s', '', 'g')) = ANY(@named)
                """, new { named })).ToArray();
            byName = found.ToLookup(n => Cells.Code(n.Name), n => new EntityRef(n.Kind, n.Id));
            codes = found.Where(n => n.Kind == EntityRef.Enterprise).Select(n => n.Id).ToHashSet();
            // Parties given as kind:id are not looked up by name; their relations are read all the same.
            var given = rows.SelectMany(r => new[] { r.Text("甲方"), r.Text("乙方") }).OfType<string>()
                .Select(t => t.Contains(':') && EntityRef.TryParse(t, out var parsed, out _) ? parsed!.Id : null).OfType<string>();
            var ids = found.Select(n => n.Id).Concat(given).Distinct().ToArray();
            recorded = (await connection.QueryAsync<string>(
                "SELECT grain_key FROM cv_relations WHERE until IS NULL AND (from_id = ANY(@ids) OR to_id = ANY(@ids))", new { ids })).ToHashSet();
        }

        var types = RelationTypes.All.ToDictionary(t => t.Name, t => t.Code);
        var seen = new Dictionary<string, int>();
        return rows.Select(row => Check(row, mode, byName, codes, recorded, types, seen)).ToArray();
    }

    private PlannedRow Check(
        RowCells row, string mode, ILookup<string, EntityRef> byName, HashSet<string> codes, HashSet<string> recorded,
        Dictionary<string, string> types, Dictionary<string, int> seen)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "乙方", "这是模板的示例行，请删除后再导入");
        }

        var type = row.Choice("关系类型", types) is { } code ? RelationTypes.Find(code) : null;
        if (type is null && row.Text("关系类型") is null)
        {
            row.Problem("关系类型", "必填");
        }

        var from = Party(row, "甲方", byName, codes);
        var to = Party(row, "乙方", byName, codes);
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(null));
        }

        var key = RelationKey.For(type!, from!, to!);
        var label = $"{type!.Name} {from} → {to}";
        if (seen.TryGetValue(key, out var first))
        {
            return row.Refuse(label, "乙方", $"与第 {first} 行是同一关系，本行不导入");
        }

        seen[key] = row.Number;
        var exists = recorded.Contains(key);
        if (mode == "update" && !exists)
        {
            return row.Refuse(label, "乙方", "该关系尚未登记（仅更新模式不新增）");
        }

        if (exists)
        {
            return new PlannedRow(new ImportRowDto(row.Number, label, "unchanged", [], []));
        }

        var relation = new NewRelation(type.Code, from!, to!, row.Choice("公开程度", Disclosures) ?? "disclosed", row.Date("开始日期"), row.Text("供应内容"), row.Text("备注"));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(label));
        }

        var created = new ImportRowDto(row.Number, label, "created", [], []);
        return new PlannedRow(created, async who =>
        {
            var outcome = await grains.Ref<IRelationGrain>(key).LinkAsync(relation, who);
            return outcome.IsOk
                ? new AppliedRow(created, outcome.Value!.Created ? new CreatedRecord(key, outcome.CurrentVersion, label) : null)
                : new AppliedRow(Refusal(created, outcome, "乙方", f => FieldColumns.GetValueOrDefault(f.Split('.', '[')[0], "乙方")));
        });
    }

    /// <summary>A party named by credit code, kind:id or registered name; the problem says which of these failed.</summary>
    private static EntityRef? Party(RowCells row, string column, ILookup<string, EntityRef> byName, HashSet<string> codes)
    {
        if (row.Required(column) is not { } text)
        {
            return null;
        }

        var code = Cells.Code(text);
        if (CreditCode.IsValid(code))
        {
            if (codes.Contains(code))
            {
                return new EntityRef(EntityRef.Enterprise, code);
            }

            row.Problem(column, "该企业尚未登记");
            return null;
        }

        if (text.Contains(':') && EntityRef.TryParse(text, out var parsed, out _))
        {
            return parsed;
        }

        var matches = byName[code].Distinct().ToArray();
        if (matches.Length == 1)
        {
            return matches[0];
        }

        row.Problem(column, matches.Length == 0 ? "没有这个名称的企业、机构、平台或园区" : "有多个同名的登记对象，请填写统一社会信用代码或编号（如 platform:T12ab34cd）");
        return null;
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var version = await connection.QuerySingleOrDefaultAsync<int?>("SELECT version FROM cv_relations WHERE grain_key = @key", new { key = record.Ref });
        return Unchanged(version, record, "关系");
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor) =>
        Withdrawn(await grains.Ref<IRelationGrain>(record.Ref).WithdrawAsync(reason, record.Version, actor), "关系");
}
