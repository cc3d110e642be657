using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Institutions;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>Universities, hospitals and institutes (科研院所与医院): each row one, matched on its name.</summary>
public sealed class InstitutionImport(NpgsqlDataSource dataSource, IGrainFactory grains) : ImportKind
{
    public static readonly IReadOnlyDictionary<string, string> KindNames = new Dictionary<string, string>
    {
        ["高校"] = "university", ["医院"] = "hospital", ["科研院所"] = "research-institute", ["其他"] = "other",
    };

    public override string Kind => "institutions";

    public override string Title => "高校院所与医院";

    public override bool Revertible => true;

    public override string MatchNote => "按名称匹配已登记机构；空白单元格不修改原值。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("名称", true, "", SampleMark + "天津示例医科大学"),
        new("类型", true, "", "高校", "机构类型"),
        new("城市", false, "", "天津"),
        new("备注", false, "", ""),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>([new("机构类型", KindNames.Keys.ToArray())]);

    private sealed record Existing
    {
        public string InstitutionId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? City { get; init; }
        public int Version { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        Dictionary<string, Existing> byName;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            byName = (await connection.QueryAsync<Existing>("SELECT institution_id AS InstitutionId, name, kind, city, version FROM cv_institutions"))
                .GroupBy(i => Cells.Code(i.Name)).ToDictionary(g => g.Key, g => g.First());
        }

        var seen = new Dictionary<string, int>();
        return sheet.Rows.Select(row => Check(row, mode, byName, seen)).ToArray();
    }

    private PlannedRow Check(RowCells row, string mode, Dictionary<string, Existing> byName, Dictionary<string, int> seen)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "名称", "这是模板的示例行，请删除后再导入");
        }

        if (row.Required("名称") is not { } name)
        {
            return new PlannedRow(row.Refusal(null));
        }

        if (seen.TryGetValue(Cells.Code(name), out var first))
        {
            return row.Refuse(name, "名称", $"与第 {first} 行是同一机构，本行不导入");
        }

        seen[Cells.Code(name)] = row.Number;
        var known = byName.GetValueOrDefault(Cells.Code(name));
        if (ModeProblem(mode, known is not null, "名称", "机构") is { } modeProblem)
        {
            return row.Refuse(name, modeProblem.Column, modeProblem.Message);
        }

        var kind = row.Choice("类型", KindNames) ?? known?.Kind;
        if (kind is null && row.Text("类型") is null)
        {
            row.Problem("类型", "必填");
        }

        var info = new InstitutionInfo(name, kind ?? "", row.Text("城市") ?? known?.City, row.Text("备注"));
        row.Problems.AddRange(InstitutionRules.Validate(info).Select(e => new ImportProblemDto(e.Field switch { "kind" => "类型", "city" => "城市", "note" => "备注", _ => "名称" }, Messages.Rule(e))));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(name));
        }

        if (known is null)
        {
            var created = new ImportRowDto(row.Number, name, "created", [], []);
            return new PlannedRow(created, async who =>
            {
                var id = "I" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));
                var outcome = await grains.Ref<IInstitutionGrain>(InstitutionKey.For(id)).RegisterAsync(info, who);
                return outcome.IsOk
                    ? new AppliedRow(created with { Key = $"{name} {id}" }, new CreatedRecord(id, outcome.CurrentVersion, $"{name} {id}"))
                    : new AppliedRow(Refusal(created, outcome, "名称", _ => "名称"));
            });
        }

        var changes = new ChangeList();
        changes.Compare("类型", info.Kind, known.Kind);
        changes.Compare("城市", info.City, known.City);
        if (info.Note is not null)
        {
            changes.Columns.Add("备注");
        }

        var updated = new ImportRowDto(row.Number, $"{name} {known.InstitutionId}", changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        return new PlannedRow(updated, async who =>
        {
            var grain = grains.Ref<IInstitutionGrain>(InstitutionKey.For(known.InstitutionId));
            var note = info.Note ?? (await grain.GetAsync())?.Info.Note;
            var outcome = await grain.UpdateAsync(info with { Note = note }, known.Version, who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, "名称", _ => "名称"));
        });
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var state = await connection.QuerySingleOrDefaultAsync<(int Version, bool Related)?>(
            """
            SELECT version, EXISTS (SELECT 1 FROM cv_relations r WHERE (r.from_kind = 'institution' AND r.from_id = i.institution_id) OR (r.to_kind = 'institution' AND r.to_id = i.institution_id))
              FROM cv_institutions i WHERE institution_id = @id
            """, new { id = record.Ref });
        return Unchanged(state?.Version, record, "机构", state?.Related == true);
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor) =>
        Withdrawn(await grains.Ref<IInstitutionGrain>(InstitutionKey.For(record.Ref)).WithdrawAsync(reason, record.Version, actor), "机构");
}
