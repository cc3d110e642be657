using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Platforms;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// Public service platforms (公共服务平台): each row a platform, matched on its number or its name; a new one is
/// created at its status, a known one takes its new description and moves to its new status in one write.
/// </summary>
public sealed class PlatformImport(NpgsqlDataSource dataSource, IGrainFactory grains, TimeProvider clock) : ImportKind
{
    public static readonly IReadOnlyDictionary<string, string> KindNames = new Dictionary<string, string>
    {
        ["工程技术中心"] = "engineering-centre", ["创新中心"] = "innovation-centre", ["细胞库"] = "cell-bank", ["检验检测平台"] = "testing",
        ["CRO/CDMO 平台"] = "cro-cdmo", ["GCP 临床试验机构"] = "gcp-site", ["P3 实验室"] = "p3-lab", ["中试平台"] = "pilot-plant",
        ["实验动物平台"] = "lab-animals", ["孵化器"] = "incubator", ["产业化基地"] = "industrialisation-base", ["其他"] = "other",
    };

    public static readonly IReadOnlyDictionary<string, string> StatusNames = new Dictionary<string, string>
    {
        ["规划中"] = "planned", ["建设中"] = "building", ["运营中"] = "operating", ["暂停"] = "suspended", ["已关闭"] = "closed",
    };

    public override string Kind => "platforms";

    public override string Title => "公共服务平台";

    public override bool Revertible => true;

    public override string MatchNote => "有“平台编号”时按编号匹配，否则按平台名称匹配；空白单元格不修改原值。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("平台编号", false, "更新已登记平台时填写（可从平台列表导出）；新增留空", ""),
        new("平台名称", true, "", SampleMark + "细胞治疗中试平台"),
        new("类型", true, "", "中试平台", "平台类型"),
        new("状态", false, "新增时空白为“规划中”", "建设中", "平台状态"),
        new("状态起始", false, "空白为今天", "2025-03-01"),
        new("运营方", false, "", "天津示例细胞科技有限公司"),
        new("园区", false, "园区编号", ""),
        new("服务内容", false, "用、分隔", "工艺开发、GMP 中试生产"),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("平台类型", KindNames.Keys.ToArray()),
        new("平台状态", StatusNames.Keys.ToArray()),
    ]);

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["name"] = "平台名称", ["kind"] = "类型", ["status"] = "状态", ["since"] = "状态起始", ["operator"] = "运营方", ["parkId"] = "园区", ["services"] = "服务内容",
    };

    private sealed record Existing
    {
        public string PlatformId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Operator { get; init; }
        public string? ParkId { get; init; }
        public string[] Services { get; init; } = [];
        public int Version { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        Existing[] platforms;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            platforms = (await connection.QueryAsync<Existing>(
                "SELECT platform_id AS PlatformId, name, kind, status, operator, park_id AS ParkId, services, version FROM cv_platforms")).ToArray();
        }

        var byId = platforms.ToDictionary(p => p.PlatformId, StringComparer.OrdinalIgnoreCase);
        var byName = platforms.GroupBy(p => Cells.Code(p.Name)).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>();
        return sheet.Rows.Select(row => Check(row, mode, byId, byName, seen)).ToArray();
    }

    private PlannedRow Check(RowCells row, string mode, Dictionary<string, Existing> byId, Dictionary<string, Existing> byName, Dictionary<string, int> seen)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "平台名称", "这是模板的示例行，请删除后再导入");
        }

        if (row.Required("平台名称") is not { } name)
        {
            return new PlannedRow(row.Refusal(null));
        }

        Existing? known = null;
        if (row.Text("平台编号") is { } id && !byId.TryGetValue(id, out known))
        {
            return row.Refuse(name, "平台编号", "没有这个平台编号");
        }

        known ??= byName.GetValueOrDefault(Cells.Code(name));
        var seenKey = known?.PlatformId ?? Cells.Code(name);
        if (seen.TryGetValue(seenKey, out var first))
        {
            return row.Refuse(name, "平台名称", $"与第 {first} 行是同一平台，本行不导入");
        }

        seen[seenKey] = row.Number;
        if (ModeProblem(mode, known is not null, "平台名称", "平台") is { } modeProblem)
        {
            return row.Refuse(name, modeProblem.Column, modeProblem.Message);
        }

        var kind = row.Choice("类型", KindNames) ?? known?.Kind;
        var status = row.Choice("状态", StatusNames);
        var since = row.Date("状态起始");
        if (kind is null && row.Text("类型") is null)
        {
            row.Problem("类型", "必填");
        }

        var info = new PlatformInfo(
            name, kind ?? "", row.Text("运营方") ?? known?.Operator, row.Text("园区") ?? known?.ParkId,
            row.Text("服务内容") is { } services ? Cells.List(services) : known?.Services ?? [], null);
        row.Problems.AddRange(PlatformRules.Validate(info).ToList().Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(name));
        }

        if (known is null)
        {
            var created = new ImportRowDto(row.Number, name, "created", [], []);
            return new PlannedRow(created, async who =>
            {
                var newId = "T" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
                var outcome = await grains.Ref<IPlatformGrain>(PlatformKey.For(newId)).CreateAsync(info, status ?? "planned", since ?? clock.Today(), who);
                return outcome.IsOk
                    ? new AppliedRow(created with { Key = $"{name} {newId}" }, new CreatedRecord(newId, outcome.CurrentVersion, $"{name} {newId}"))
                    : new AppliedRow(Refusal(created, outcome, "平台名称", ColumnOf));
            });
        }

        var changes = new ChangeList();
        changes.Compare("平台名称", info.Name.Trim(), known.Name);
        changes.Compare("类型", info.Kind, known.Kind);
        changes.Compare("运营方", info.Operator, known.Operator);
        changes.Compare("园区", info.ParkId, known.ParkId);
        changes.Compare("服务内容", info.Services, known.Services);
        var describe = changes.Columns.Count > 0;
        var moveTo = status is not null && status != known.Status ? status : null;
        if (moveTo is not null)
        {
            changes.Columns.Add("状态");
        }

        var updated = new ImportRowDto(row.Number, $"{name} {known.PlatformId}", changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        return new PlannedRow(updated, async who =>
        {
            var grain = grains.Ref<IPlatformGrain>(PlatformKey.For(known.PlatformId));
            var note = describe ? (await grain.GetAsync())?.Info.Note : null;
            var outcome = await grain.ReviseAsync(describe ? info with { Note = note } : null, moveTo, since, known.Version, who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, "平台名称", ColumnOf));
        });
    }

    private static string ColumnOf(string field) => FieldColumns.GetValueOrDefault(field.Split('.', '[')[0], "平台名称");

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var state = await connection.QuerySingleOrDefaultAsync<(int Version, bool Related)?>(
            """
            SELECT version, EXISTS (SELECT 1 FROM cv_relations r WHERE (r.from_kind = 'platform' AND r.from_id = p.platform_id) OR (r.to_kind = 'platform' AND r.to_id = p.platform_id))
              FROM cv_platforms p WHERE platform_id = @id
            """, new { id = record.Ref });
        return Unchanged(state?.Version, record, "平台", state?.Related == true);
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor) =>
        Withdrawn(await grains.Ref<IPlatformGrain>(PlatformKey.For(record.Ref)).WithdrawAsync(reason, record.Version, actor), "平台");
}
