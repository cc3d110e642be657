using CellValley.Api.Common;
using Dapper;
using Npgsql;

namespace CellValley.Api.Parks;

/// <summary>A lease holding a unit on the day: in force (in-place) or signed to start later (committed).</summary>
public sealed record TenancyLeaseDto(
    string LeaseId, string TenantCode, string? TenantName, decimal AreaSqm, DateOnly Start, DateOnly End, string State, int DaysToEnd);

/// <summary>
/// A unit as the lease-status grid (租控图) draws it on a day: state is let (some area in force), committed
/// (signed, starting later), vacant, or unavailable (not yet available and not let); a vacant unit says
/// since when, and is vacantTooLong from the park's threshold on.
/// </summary>
public sealed record TenancyUnitDto(
    string UnitId, string BuildingId, int? Floor, decimal AreaSqm, UnitFitOutDto FitOut, string State, decimal LeasedSqm,
    DateOnly? VacantSince, int? DaysVacant, bool VacantTooLong, IReadOnlyList<TenancyLeaseDto> Leases);

/// <summary>Every unit of a park on a day, by building and floor.</summary>
public sealed record TenancyGridDto(string ParkId, DateOnly AsOf, int VacantTooLongDays, IReadOnlyList<BuildingDto> Buildings, IReadOnlyList<TenancyUnitDto> Units);

/// <summary>A park's occupancy at the end of a month (or today, for this month).</summary>
public sealed record OccupancyPoint(string Month, DateOnly AsOf, decimal LeasableSqm, decimal LeasedSqm, decimal? Occupancy);

public sealed record OccupancyTrendDto(string ParkId, decimal Target, IReadOnlyList<OccupancyPoint> Points);

/// <summary>The grid and the trend, read from cv_unit_tenancy like every other tenancy answer (one truth per day).</summary>
public sealed class ParkTenancyQueries(NpgsqlDataSource dataSource)
{
    private sealed record UnitRow
    {
        public string UnitId { get; init; } = "";

        public string BuildingId { get; init; } = "";

        public int? Floor { get; init; }

        public decimal AreaSqm { get; init; }

        public string? GmpGrade { get; init; }

        public bool LabDrains { get; init; }

        public bool Exhaust { get; init; }

        public bool ColdStorage { get; init; }

        public bool CleanRoom { get; init; }

        public string? FitOutNotes { get; init; }

        public bool Counts { get; init; }

        public decimal Leased { get; init; }

        public decimal Committed { get; init; }

        public DateOnly VacantSince { get; init; }
    }

    private sealed record LeaseOnDay
    {
        public string LeaseId { get; init; } = "";

        public string UnitId { get; init; } = "";

        public string TenantCode { get; init; } = "";

        public string? TenantName { get; init; }

        public decimal AreaSqm { get; init; }

        public DateOnly Start { get; init; }

        public DateOnly End { get; init; }
    }

    // Vacant since: as the park's vacancies read it (ParkQueries.VacantSince).
    private const string UnitsSql = $"""
        SELECT u.unit_id AS UnitId, u.building_id AS BuildingId, u.floor, u.area_sqm AS AreaSqm, u.gmp_grade AS GmpGrade,
               u.lab_drains AS LabDrains, u.exhaust, u.cold_storage AS ColdStorage, u.clean_room AS CleanRoom, NULL::text AS FitOutNotes,
               t.counts, t.leased, t.committed, v.since AS VacantSince
          FROM cv_unit_tenancy(@asOf, @parkId) t
          JOIN cv_units u ON u.park_id = t.park_id AND u.unit_id = t.unit_id
          {ParkQueries.VacantSince}
         ORDER BY u.building_id, u.floor NULLS LAST, u.unit_id
        """;

    private const string LeasesSql = """
        SELECT l.lease_id AS LeaseId, l.unit_id AS UnitId, l.tenant_code AS TenantCode, e.name AS TenantName,
               l.area_sqm AS AreaSqm, l.starts_on AS Start, l.ends_on AS "End"
          FROM cv_leases l LEFT JOIN cv_enterprises e ON e.credit_code = l.tenant_code
         WHERE l.park_id = @parkId AND l.voided_at IS NULL AND l.ends_on > @asOf AND (l.starts_on <= @asOf OR l.signed_on <= @asOf)
         ORDER BY l.starts_on, l.lease_id
        """;

    private const string TrendSql = """
        SELECT d AS AsOf, coalesce(sum(t.area_sqm) FILTER (WHERE t.counts), 0) AS LeasableSqm, coalesce(sum(t.leased), 0) AS LeasedSqm
          FROM unnest(@days::date[]) AS d
          LEFT JOIN LATERAL cv_unit_tenancy(d, @parkId) t ON true
         GROUP BY d ORDER BY d
        """;

    public async Task<TenancyGridDto> GridAsync(string parkId, DateOnly asOf, int vacantTooLongDays, IReadOnlyList<BuildingDto> buildings)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var units = (await connection.QueryAsync<UnitRow>(UnitsSql, new { parkId, asOf })).AsList();
        var leases = (await connection.QueryAsync<LeaseOnDay>(LeasesSql, new { parkId, asOf })).ToLookup(l => l.UnitId);
        var tiles = units.Select(u =>
        {
            var state = !u.Counts ? "unavailable" : u.Leased > 0 ? "let" : u.Committed > 0 ? "committed" : "vacant";
            int? daysVacant = state == "vacant" ? asOf.DayNumber - u.VacantSince.DayNumber : null;
            return new TenancyUnitDto(
                u.UnitId, u.BuildingId, u.Floor, u.AreaSqm,
                new UnitFitOutDto(u.GmpGrade, u.LabDrains, u.Exhaust, u.ColdStorage, u.CleanRoom, u.FitOutNotes),
                state, u.Leased, state == "vacant" ? u.VacantSince : null, daysVacant, daysVacant >= vacantTooLongDays,
                leases[u.UnitId].Select(l => new TenancyLeaseDto(l.LeaseId, l.TenantCode, l.TenantName, l.AreaSqm, l.Start, l.End,
                    l.Start <= asOf ? "in-place" : "committed", l.End.DayNumber - asOf.DayNumber)).ToArray());
        }).ToArray();
        return new TenancyGridDto(parkId, asOf, vacantTooLongDays, buildings, tiles);
    }

    /// <summary>Occupancy at each month's end for the last <paramref name="months"/> months, this month as of today.</summary>
    public async Task<IReadOnlyList<OccupancyPoint>> TrendAsync(string parkId, DateOnly today, int months)
    {
        var days = Enumerable.Range(0, months).Select(back =>
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-back);
            var end = first.AddMonths(1).AddDays(-1);
            return end > today ? today : end;
        }).Reverse().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(DateOnly AsOf, decimal LeasableSqm, decimal LeasedSqm)>(TrendSql, new { parkId, days });
        return rows.Select(r => new OccupancyPoint(r.AsOf.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), r.AsOf,
            r.LeasableSqm, r.LeasedSqm, r.LeasableSqm == 0 ? null : Math.Round(r.LeasedSqm / r.LeasableSqm, 4))).ToArray();
    }
}
