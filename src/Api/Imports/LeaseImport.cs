using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Parks;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// A park's rent roll (租约台账): each row a lease, matched on park, unit and start day. A new lease is signed
/// through the park's grain (overlaps, areas and tenants checked as when signed by hand); a changed one is
/// corrected (the old entry voided and replaced, both kept). A commit's leases can be voided as a whole while
/// none was changed since.
/// </summary>
public sealed class LeaseImport(NpgsqlDataSource dataSource, IGrainFactory grains) : ImportKind
{
    public override string Kind => "leases";

    public override string Title => "租约台账";

    public override string MatchNote => "按园区、单元和起租日匹配已登记租约；有变化的租约以更正方式替换（原记录保留为已作废）。";

    public override bool Revertible => true;

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("园区", true, "园区编号或名称", "PARK-A", "园区"),
        new("单元", true, "园区内的单元编号", "A1-301"),
        new("统一社会信用代码", true, "租户（须已登记）", "91120116MA05KX4H34"),
        new("租户", false, "仅供核对，不导入", SampleMark + "天津示例细胞科技有限公司"),
        new("面积（㎡）", true, "租用面积，不超过单元面积", "320"),
        new("起租日", true, "", "2025-01-01"),
        new("退租日", true, "租期结束（不含当日）", "2028-01-01"),
        new("签约日", false, "空白为起租日", "2024-12-10"),
        new("备注", false, "", ""),
    ];

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["tenantCode"] = "统一社会信用代码", ["unitId"] = "单元", ["areaSqm"] = "面积（㎡）", ["start"] = "起租日", ["end"] = "退租日",
        ["signedOn"] = "签约日", ["note"] = "备注", ["lease"] = "起租日", ["leaseId"] = "单元",
    };

    private sealed record Existing
    {
        public string LeaseId { get; init; } = "";
        public string ParkId { get; init; } = "";
        public string UnitId { get; init; } = "";
        public string TenantCode { get; init; } = "";
        public decimal AreaSqm { get; init; }
        public DateOnly StartsOn { get; init; }
        public DateOnly EndsOn { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? TerminatedOn { get; init; }
    }

    /// <summary>The parks to choose from, as registered now.</summary>
    public override async Task<IReadOnlyList<ChoiceList>> ChoicesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [new ChoiceList("园区", (await connection.QueryAsync<string>("SELECT name FROM cv_parks ORDER BY name")).ToArray())];
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        var rows = sheet.Rows.ToArray();
        Dictionary<string, string> parks;
        HashSet<(string, string)> units;
        HashSet<string> tenants;
        Existing[] leases;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var named = (await connection.QueryAsync<(string Id, string Name)>("SELECT park_id, name FROM cv_parks")).ToArray();
            parks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, name) in named)
            {
                parks.TryAdd(id, id);
                parks.TryAdd(Cells.Normalize(name), id);
            }

            var sheetParks = rows.Select(r => r.Text("园区")).OfType<string>().Select(t => parks.GetValueOrDefault(Cells.Normalize(t))).OfType<string>().Distinct().ToArray();
            units = (await connection.QueryAsync<(string, string)>("SELECT park_id, unit_id FROM cv_units WHERE park_id = ANY(@sheetParks)", new { sheetParks })).ToHashSet();
            var codes = rows.Select(r => r.Code("统一社会信用代码")).OfType<string>().Distinct().ToArray();
            tenants = (await connection.QueryAsync<string>("SELECT credit_code FROM cv_enterprises WHERE credit_code = ANY(@codes) AND status <> 'merged'", new { codes })).ToHashSet();
            leases = (await connection.QueryAsync<Existing>(
                """
                SELECT lease_id AS LeaseId, park_id AS ParkId, unit_id AS UnitId, tenant_code AS TenantCode, area_sqm AS AreaSqm, starts_on AS StartsOn,
                       ends_on AS EndsOn, signed_on AS SignedOn, terminated_on AS TerminatedOn
                  FROM cv_leases WHERE voided_at IS NULL AND park_id = ANY(@sheetParks)
                """, new { sheetParks })).ToArray();
        }

        var byKey = leases.GroupBy(l => (l.ParkId, l.UnitId, l.StartsOn)).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<(string, string, DateOnly), int>();
        return rows.Select(row => Check(row, mode, parks, units, tenants, byKey, seen)).ToArray();
    }

    private PlannedRow Check(
        RowCells row, string mode, Dictionary<string, string> parks, HashSet<(string, string)> units, HashSet<string> tenants,
        Dictionary<(string, string, DateOnly), Existing> byKey, Dictionary<(string, string, DateOnly), int> seen)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "租户", "这是模板的示例行，请删除后再导入");
        }

        var parkText = row.Required("园区");
        var unit = row.Required("单元") is { } u ? Cells.Normalize(u) : null;
        var tenant = row.Code("统一社会信用代码");
        var area = row.Decimal("面积（㎡）");
        var start = row.Date("起租日");
        var end = row.Date("退租日");
        var signed = row.Date("签约日");
        foreach (var column in new[] { "统一社会信用代码", "面积（㎡）", "起租日", "退租日" })
        {
            if (row.Text(column) is null)
            {
                row.Problem(column, "必填");
            }
        }

        string? park = null;
        if (parkText is not null && !parks.TryGetValue(Cells.Normalize(parkText), out park))
        {
            row.Problem("园区", "没有这个园区（填写园区编号或名称）");
        }

        var key = park is null ? null : $"{park} {unit} {start:yyyy-MM-dd}";
        if (park is not null && unit is not null && !units.Contains((park, unit)))
        {
            row.Problem("单元", "该园区没有这个单元，请先在园区页登记单元");
        }

        if (tenant is not null && !tenants.Contains(tenant))
        {
            row.Problem("统一社会信用代码", "租户尚未登记，请先导入企业名录");
        }

        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(key));
        }

        var matchKey = (park!, unit!, start!.Value);
        if (seen.TryGetValue(matchKey, out var first))
        {
            return row.Refuse(key, "起租日", $"与第 {first} 行是同一租约（园区、单元、起租日相同），本行不导入");
        }

        seen[matchKey] = row.Number;
        var known = byKey.GetValueOrDefault(matchKey);
        if (ModeProblem(mode, known is not null, "起租日", "租约") is { } modeProblem)
        {
            return row.Refuse(key, modeProblem.Column, modeProblem.Message);
        }

        var lease = new NewLease(tenant!, unit!, area!.Value, start.Value, end!.Value, signed ?? known?.SignedOn ?? start.Value, row.Text("备注"));
        var grain = grains.Ref<IParkGrain>(ParkKey.For(park!));
        if (known is null)
        {
            var created = new ImportRowDto(row.Number, key, "created", [], []);
            return new PlannedRow(created, async who =>
            {
                var outcome = await grain.SignLeaseAsync(lease, who);
                return outcome.IsOk
                    ? new AppliedRow(created, new CreatedRecord($"{park}/{outcome.Value!.Id}", 0, key))
                    : new AppliedRow(Refusal(created, outcome, "起租日", ColumnOf));
            }) { Order = park };
        }

        var changes = new ChangeList();
        changes.Compare("统一社会信用代码", lease.TenantCode, known.TenantCode);
        changes.Compare("面积（㎡）", lease.AreaSqm, known.AreaSqm);
        changes.Compare("退租日", lease.End, known.EndsOn);
        changes.Compare("签约日", lease.SignedOn, known.SignedOn);
        var updated = new ImportRowDto(row.Number, key, changes.Outcome, changes.Columns, []);
        if (changes.Columns.Count == 0)
        {
            return new PlannedRow(updated);
        }

        if (known.TerminatedOn is not null)
        {
            return row.Refuse(key, "退租日", "该租约已提前退租，不能由表格更正");
        }

        return new PlannedRow(updated, async who =>
        {
            var outcome = await grain.CorrectLeaseAsync(known.LeaseId, lease, "表格导入更正：" + string.Join("、", changes.Columns), who);
            return new AppliedRow(outcome.IsOk ? updated : Refusal(updated, outcome, "起租日", ColumnOf));
        }) { Order = park };
    }

    private static string ColumnOf(string field) => FieldColumns.GetValueOrDefault(field.Split('.', '[')[0], "起租日");

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        var leaseId = record.Ref.Split('/')[1];
        await using var connection = await dataSource.OpenConnectionAsync();
        var state = await connection.QuerySingleOrDefaultAsync<(bool Voided, bool Terminated)?>(
            "SELECT voided_at IS NOT NULL, terminated_on IS NOT NULL FROM cv_leases WHERE lease_id = @leaseId", new { leaseId });
        return state switch
        {
            null => "该租约已不存在",
            { Voided: true } => "导入后该租约已被作废或更正，不能撤销",
            { Terminated: true } => "导入后该租约已提前退租，不能撤销",
            _ => null,
        };
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor)
    {
        var parts = record.Ref.Split('/');
        var outcome = await grains.Ref<IParkGrain>(ParkKey.For(parts[0])).VoidLeaseAsync(parts[1], reason, actor);
        return outcome.IsOk ? null : string.Join("；", outcome.Errors.Select(Messages.Rule).DefaultIfEmpty("未能作废该租约"));
    }
}
