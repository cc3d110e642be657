using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Parks;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// A park's buildings and units with their fit-out (楼宇与单元): each row a unit, matched on park and unit number;
/// a building named for the first time is added with it, in the same write. A park's rows are carried out
/// in the sheet's order (a building first named on one row serves the rows after it).
/// </summary>
public sealed class UnitImport(NpgsqlDataSource dataSource, IGrainFactory grains) : ImportKind
{
    public override string Kind => "units";

    public override string Title => "楼宇与单元";

    public override string MatchNote => "按园区和单元编号匹配已登记单元；园区须已登记，楼宇第一次出现时随单元一起登记；空白单元格不修改原值。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("园区", true, "园区编号或名称", "PARK-A", "园区"),
        new("楼宇", true, "楼宇编号，如 A", "A"),
        new("楼宇名称", false, "楼宇第一次出现时登记；空白同楼宇编号", "A座"),
        new("楼宇层数", false, "", "6"),
        new("单元", true, "园区内唯一的单元编号", SampleMark + "A-301"),
        new("楼层", false, "", "3"),
        new("面积（㎡）", true, "可出租面积", "320"),
        new("GMP 等级", false, "A、B、C、D 或空白", "B", "GMP 等级"),
        new("洁净车间", false, "是 / 否", "是"),
        new("实验排水", false, "是 / 否", "是"),
        new("排风", false, "是 / 否", "是"),
        new("冷库", false, "是 / 否", "否"),
        new("可出租日期", true, "从这天起计算空置", "2025-01-01"),
        new("配套说明", false, "", ""),
    ];

    public override async Task<IReadOnlyList<ChoiceList>> ChoicesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return
        [
            new ChoiceList("园区", (await connection.QueryAsync<string>("SELECT name FROM cv_parks ORDER BY name")).ToArray()),
            new ChoiceList("GMP 等级", ParkRules.GmpGrades),
        ];
    }

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["id"] = "单元", ["buildingId"] = "楼宇", ["floor"] = "楼层", ["areaSqm"] = "面积（㎡）", ["gmpGrade"] = "GMP 等级", ["availableSince"] = "可出租日期",
        ["name"] = "楼宇名称", ["floors"] = "楼宇层数", ["notes"] = "配套说明",
    };

    private sealed record Existing
    {
        public string ParkId { get; init; } = "";
        public string UnitId { get; init; } = "";
        public string BuildingId { get; init; } = "";
        public int? Floor { get; init; }
        public decimal AreaSqm { get; init; }
        public string? GmpGrade { get; init; }
        public bool LabDrains { get; init; }
        public bool Exhaust { get; init; }
        public bool ColdStorage { get; init; }
        public bool CleanRoom { get; init; }
        public DateOnly AvailableSince { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        Dictionary<string, string> parks;
        HashSet<(string, string)> buildings;
        Dictionary<(string, string), Existing> units;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            parks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, name) in await connection.QueryAsync<(string, string)>("SELECT park_id, name FROM cv_parks"))
            {
                parks.TryAdd(id, id);
                parks.TryAdd(Cells.Normalize(name), id);
            }

            var sheetParks = sheet.Rows.Select(r => r.Text("园区")).OfType<string>().Select(t => parks.GetValueOrDefault(Cells.Normalize(t))).OfType<string>().Distinct().ToArray();
            buildings = (await connection.QueryAsync<(string, string)>("SELECT park_id, building_id FROM cv_buildings WHERE park_id = ANY(@sheetParks)", new { sheetParks })).ToHashSet();
            units = (await connection.QueryAsync<Existing>(
                """
                SELECT park_id AS ParkId, unit_id AS UnitId, building_id AS BuildingId, floor, area_sqm AS AreaSqm, gmp_grade AS GmpGrade, lab_drains AS LabDrains,
                       exhaust, cold_storage AS ColdStorage, clean_room AS CleanRoom, available_since AS AvailableSince
                  FROM cv_units WHERE park_id = ANY(@sheetParks)
                """, new { sheetParks })).ToDictionary(u => (u.ParkId, u.UnitId));
        }

        var seen = new Dictionary<(string, string), int>();
        var named = new HashSet<(string, string)>();
        return sheet.Rows.Select(row => Check(row, mode, parks, buildings, units, seen, named)).ToArray();
    }

    private PlannedRow Check(
        RowCells row, string mode, Dictionary<string, string> parks, HashSet<(string, string)> buildings, Dictionary<(string, string), Existing> units,
        Dictionary<(string, string), int> seen, HashSet<(string, string)> named)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "单元", "这是模板的示例行，请删除后再导入");
        }

        var parkText = row.Required("园区");
        var unitId = row.Required("单元") is { } u ? Cells.Normalize(u) : null;
        var buildingId = row.Required("楼宇") is { } b ? Cells.Normalize(b) : null;
        string? park = null;
        if (parkText is not null && !parks.TryGetValue(Cells.Normalize(parkText), out park))
        {
            row.Problem("园区", "没有这个园区（填写园区编号或名称；园区在园区页登记）");
        }

        if (park is null || unitId is null || buildingId is null)
        {
            return new PlannedRow(row.Refusal(park is null ? unitId : $"{park} {unitId}"));
        }

        var key = $"{park} {unitId}";
        if (seen.TryGetValue((park, unitId), out var first))
        {
            return row.Refuse(key, "单元", $"与第 {first} 行是同一单元，本行不导入");
        }

        seen[(park, unitId)] = row.Number;
        var known = units.GetValueOrDefault((park, unitId));
        if (ModeProblem(mode, known is not null, "单元", "单元") is { } modeProblem)
        {
            return row.Refuse(key, modeProblem.Column, modeProblem.Message);
        }

        var grade = row.Text("GMP 等级") is { } g ? Cells.Code(g).Replace("级", "", StringComparison.Ordinal) : known?.GmpGrade;
        var fitOut = new FitOut(
            grade is "无" or "" ? null : grade, row.YesNo("实验排水") ?? known?.LabDrains ?? false, row.YesNo("排风") ?? known?.Exhaust ?? false,
            row.YesNo("冷库") ?? known?.ColdStorage ?? false, row.YesNo("洁净车间") ?? known?.CleanRoom ?? false, row.Text("配套说明"));
        var area = row.Decimal("面积（㎡）") ?? known?.AreaSqm;
        var since = row.Date("可出租日期") ?? known?.AvailableSince;
        var floor = row.Whole("楼层") ?? known?.Floor;
        if (area is null && row.Text("面积（㎡）") is null)
        {
            row.Problem("面积（㎡）", "必填");
        }

        if (since is null && row.Text("可出租日期") is null)
        {
            row.Problem("可出租日期", "必填");
        }

        var newBuilding = !buildings.Contains((park, buildingId)) && !named.Contains((park, buildingId))
            ? new Building(buildingId, row.Text("楼宇名称") ?? buildingId, row.Whole("楼宇层数"))
            : null;
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(key));
        }

        var unit = new Unit(unitId, buildingId, floor, area!.Value, fitOut, since!.Value);
        var errors = new FieldErrors();
        ParkRules.Validate(errors, unit, [.. buildings.Concat(named).Where(x => x.Item1 == park).Select(x => x.Item2), buildingId]);
        row.Problems.AddRange(errors.ToList().Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(key));
        }

        named.Add((park, buildingId));

        ImportRowDto planned;
        if (known is null)
        {
            planned = new ImportRowDto(row.Number, key, "created", newBuilding is null ? [] : ["楼宇"], []);
        }
        else
        {
            var changes = new ChangeList();
            changes.Compare("楼宇", unit.BuildingId, known.BuildingId);
            changes.Compare("楼层", unit.Floor, known.Floor);
            changes.Compare("面积（㎡）", unit.AreaSqm, known.AreaSqm);
            changes.Compare("GMP 等级", fitOut.GmpGrade, known.GmpGrade);
            changes.Compare("洁净车间", fitOut.CleanRoom, known.CleanRoom);
            changes.Compare("实验排水", fitOut.LabDrains, known.LabDrains);
            changes.Compare("排风", fitOut.Exhaust, known.Exhaust);
            changes.Compare("冷库", fitOut.ColdStorage, known.ColdStorage);
            changes.Compare("可出租日期", unit.AvailableSince, known.AvailableSince);
            if (row.Text("配套说明") is not null)
            {
                changes.Columns.Add("配套说明");
            }

            planned = new ImportRowDto(row.Number, key, changes.Outcome, changes.Columns, []);
            if (changes.Columns.Count == 0)
            {
                return new PlannedRow(planned);
            }
        }

        return new PlannedRow(planned, async who =>
        {
            var grain = grains.Ref<IParkGrain>(ParkKey.For(park));
            var put = unit;
            if (known is not null && fitOut.Notes is null)
            {
                // What the sheet leaves blank is kept: the unit's notes as the park has them.
                var current = (await grain.GetAsync())?.Units.FirstOrDefault(x => x.Id == unitId);
                put = unit with { FitOut = fitOut with { Notes = current?.FitOut.Notes } };
            }

            var outcome = await grain.ImportAsync(new ParkImport(newBuilding is null ? [] : [newBuilding], [put], []), who);
            return new AppliedRow(outcome.IsOk ? planned : Refusal(planned, outcome, "单元", ColumnOf));
        }) { Order = park };
    }

    private static string ColumnOf(string field)
    {
        var parts = field.Split('.').Select(p => p.Split('[')[0]).ToArray();
        return FieldColumns.GetValueOrDefault(parts[^1]) ?? FieldColumns.GetValueOrDefault(parts.Length > 1 ? parts[1] : parts[0], "单元");
    }
}
