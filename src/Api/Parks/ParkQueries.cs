using CellValley.Api.Common;
using Dapper;
using Npgsql;

namespace CellValley.Api.Parks;

public sealed record OccupancyRow
{
    public string ParkId { get; init; } = "";

    public string? BuildingId { get; init; }

    public string Name { get; init; } = "";

    public decimal LeasableSqm { get; init; }

    public decimal LeasedSqm { get; init; }

    public decimal? Occupancy => LeasableSqm == 0 ? null : Math.Round(LeasedSqm / LeasableSqm, 4);

    public decimal? Target { get; init; }

    public bool? MeetsTarget => Occupancy is { } o && Target is { } t ? o > t : null;
}

public sealed record ParkOccupancyDto(string ParkId, DateOnly AsOf, OccupancyRow Park, IReadOnlyList<OccupancyRow> Buildings);

public sealed record LeaseRow
{
    public string LeaseId { get; init; } = "";

    public string ParkId { get; init; } = "";

    public string UnitId { get; init; } = "";

    public string TenantCode { get; init; } = "";

    public string? TenantName { get; init; }

    public decimal AreaSqm { get; init; }

    public DateOnly Start { get; init; }

    public DateOnly End { get; init; }

    public DateOnly SignedOn { get; init; }

    public DateOnly? TerminatedOn { get; init; }

    /// <summary>The end agreed at signing (differs from End when the lease was terminated early).</summary>
    public DateOnly? OriginalEnd { get; init; }

    public string? TerminationReason { get; init; }

    public string State { get; init; } = "";

    public string? ParkName { get; init; }
}

public sealed record VacancyRow
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

    public DateOnly VacantSince { get; init; }

    public int DaysVacant { get; init; }
}

public sealed record ProjectionRow
{
    public string ParkId { get; init; } = "";

    public string Name { get; init; } = "";

    public decimal LeasableSqm { get; init; }

    public decimal LeasedSqm { get; init; }

    /// <summary>Area of leases signed that start later: spoken for, so counted as let in the projection.</summary>
    public decimal CommittedSqm { get; init; }

    /// <summary>The open pipeline preferring the park: likelihood × area wanted.</summary>
    public decimal PipelineSqm { get; init; }

    public decimal Target { get; init; }

    public decimal? Occupancy => LeasableSqm == 0 ? null : Math.Round(LeasedSqm / LeasableSqm, 4);

    /// <summary>Let, committed and the likely pipeline, which can fill at most what is free: never above 1.</summary>
    public decimal? ProjectedOccupancy
    {
        get
        {
            if (LeasableSqm == 0)
            {
                return null;
            }

            var taken = LeasedSqm + CommittedSqm;
            var likely = Math.Min(PipelineSqm, Math.Max(0, LeasableSqm - taken));
            return Math.Round(Math.Min(1, (taken + likely) / LeasableSqm), 4);
        }
    }
}

/// <summary>Tenancy questions answered from the read tables: occupancy on a date, expiring leases, vacancies.</summary>
public sealed class ParkQueries(NpgsqlDataSource dataSource)
{
    // How each unit is held on the day comes from cv_unit_tenancy (schema 0018), which the picture,
    // vacancies, matching and projections read too: one answer per day.
    private const string Occupancy = """
        SELECT t.building_id AS BuildingId, coalesce(b.name, t.building_id) AS Name,
               sum(t.area_sqm) AS LeasableSqm, sum(t.leased) AS LeasedSqm
          FROM cv_unit_tenancy(@asOf, @parkId) t
          LEFT JOIN cv_buildings b ON b.park_id = t.park_id AND b.building_id = t.building_id
         WHERE t.counts
         GROUP BY t.building_id, b.name
         ORDER BY t.building_id
        """;

    public async Task<ParkOccupancyDto?> OccupancyAsync(string parkId, DateOnly asOf)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var park = await connection.QuerySingleOrDefaultAsync<(string Name, decimal Target)?>(
            "SELECT name, occupancy_target FROM cv_parks WHERE park_id = @parkId", new { parkId });
        if (park is null)
        {
            return null;
        }

        var buildings = (await connection.QueryAsync<OccupancyRow>(Occupancy, new { parkId, asOf }))
            .Select(b => b with { ParkId = parkId }).ToArray();
        var total = new OccupancyRow
        {
            ParkId = parkId,
            Name = park.Value.Name,
            LeasableSqm = buildings.Sum(b => b.LeasableSqm),
            LeasedSqm = buildings.Sum(b => b.LeasedSqm),
            Target = park.Value.Target,
        };
        return new ParkOccupancyDto(parkId, asOf, total, buildings);
    }

    /// <summary>A lease's state on today's date: signed to start later, in force, over, or voided.</summary>
    public static readonly string[] LeaseStates = ["committed", "in-place", "expired", "voided"];

    private const string LeaseState =
        "CASE WHEN l.voided_at IS NOT NULL THEN 'voided' WHEN @today < l.starts_on THEN 'committed' WHEN @today < l.ends_on THEN 'in-place' ELSE 'expired' END";

    public async Task<PagedList<LeaseRow>> LeasesAsync(string parkId, DateOnly today, int? expiringWithinDays, string? state, int? page, int? pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.PageAsync<LeaseRow>(
            $"""
            l.lease_id AS LeaseId, l.park_id AS ParkId, l.unit_id AS UnitId, l.tenant_code AS TenantCode,
            e.name AS TenantName, l.area_sqm AS AreaSqm, l.starts_on AS Start, l.ends_on AS "End",
            l.signed_on AS SignedOn, l.terminated_on AS TerminatedOn, l.original_ends_on AS OriginalEnd,
            l.termination_reason AS TerminationReason, p.name AS ParkName, {LeaseState} AS State
            """,
            $"""
            FROM cv_leases l
            LEFT JOIN cv_enterprises e ON e.credit_code = l.tenant_code
            LEFT JOIN cv_parks p ON p.park_id = l.park_id
            WHERE l.park_id = @parkId
              AND (@days::int IS NULL OR (l.voided_at IS NULL AND l.ends_on >= @today AND l.ends_on < @today + @days::int AND l.starts_on <= @today))
              AND (@state::text IS NULL OR {LeaseState} = @state)
            """,
            "l.ends_on, l.lease_id",
            new { parkId, today, days = expiringWithinDays, state }, page, pageSize);
    }

    /// <summary>An enterprise's leases: one indexed lookup (profile reads take them from <see cref="TenancyCache"/>).</summary>
    public async Task<IReadOnlyList<LeaseRow>> TenanciesAsync(string tenantCode, DateOnly today)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<LeaseRow>(
            $"""
            SELECT l.lease_id AS LeaseId, l.park_id AS ParkId, l.unit_id AS UnitId, l.tenant_code AS TenantCode,
                   l.area_sqm AS AreaSqm, l.starts_on AS Start, l.ends_on AS "End", l.signed_on AS SignedOn,
                   l.terminated_on AS TerminatedOn, l.original_ends_on AS OriginalEnd, l.termination_reason AS TerminationReason, p.name AS ParkName,
                   {LeaseState} AS State
              FROM cv_leases l LEFT JOIN cv_parks p ON p.park_id = l.park_id
             WHERE l.tenant_code = @tenantCode
             ORDER BY l.ends_on, l.lease_id
            """,
            new { tenantCode, today });
        return rows.AsList();
    }

    private const string VacancyColumns = """
        u.park_id AS ParkId, u.unit_id AS UnitId, u.building_id AS BuildingId, u.floor, u.area_sqm AS AreaSqm,
        u.gmp_grade AS GmpGrade, u.lab_drains AS LabDrains, u.exhaust, u.cold_storage AS ColdStorage,
        u.clean_room AS CleanRoom, v.since AS VacantSince, (@asOf - v.since) AS DaysVacant
        """;

    /// <summary>v.since: since when a unit has stood empty on @asOf (shared with the grid and the 待办).</summary>
    internal const string VacantSince = Grains.Parks.TenancySql.VacantSince;

    // Vacant: counted that day, neither let nor committed to a lease that starts later.
    private const string VacantUnits = $"""
        FROM cv_unit_tenancy(@asOf, @parkId) t
        JOIN cv_units u ON u.park_id = t.park_id AND u.unit_id = t.unit_id
        {VacantSince}
        WHERE t.counts AND t.leased = 0 AND t.committed = 0
        """;

    /// <summary>Units of a park not let on the date, longest empty first, a page at a time.</summary>
    public async Task<PagedList<VacancyRow>> VacanciesAsync(string parkId, DateOnly asOf, int? page, int? pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.PageAsync<VacancyRow>(VacancyColumns, VacantUnits, "DaysVacant DESC, u.park_id, u.unit_id",
            new { parkId, asOf }, page, pageSize);
    }

    /// <summary>Every unit of the cluster not let on the date (space matching ranks them all).</summary>
    public async Task<IReadOnlyList<VacancyRow>> AllVacanciesAsync(DateOnly asOf)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<VacancyRow>($"SELECT {VacancyColumns} {VacantUnits}", new { parkId = (string?)null, asOf });
        return rows.AsList();
    }

    /// <summary>Each park's occupancy today and if the open pipeline preferring it lands (likelihood × area).</summary>
    public async Task<IReadOnlyList<ProjectionRow>> ProjectionAsync(DateOnly today)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ProjectionRow>(
            """
            WITH t AS (
                SELECT park_id, sum(area_sqm) FILTER (WHERE counts) AS leasable, sum(leased) AS leased, sum(committed) AS committed
                  FROM cv_unit_tenancy(@today) GROUP BY park_id)
            SELECT p.park_id AS ParkId, p.name, p.occupancy_target AS Target,
                   coalesce(t.leasable, 0) AS LeasableSqm, coalesce(t.leased, 0) AS LeasedSqm, coalesce(t.committed, 0) AS CommittedSqm,
                   coalesce((SELECT round(sum(coalesce(likelihood, 0) * space_area_sqm), 2) FROM cv_leads d
                              WHERE d.preferred_park_id = p.park_id AND d.status IN ('active', 'delayed') AND d.stage <> 'landed'), 0) AS PipelineSqm
              FROM cv_parks p LEFT JOIN t ON t.park_id = p.park_id
             ORDER BY p.park_id
            """,
            new { today });
        return rows.AsList();
    }

    public async Task<bool> ExistsAsync(string parkId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM cv_parks WHERE park_id = @parkId)", new { parkId });
    }

    /// <summary>True when the enterprise has (or had) a lease in the park.</summary>
    public async Task<bool> IsTenantAsync(string parkId, string code)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM cv_leases WHERE park_id = @parkId AND tenant_code = @code AND voided_at IS NULL)", new { parkId, code });
    }
}
