namespace CellValley.Grains.Parks;

/// <summary>SQL the tenancy views share: since when a unit has stood empty.</summary>
public static class TenancySql
{
    /// <summary>v.since: since when a unit has stood empty on @asOf — the later of its availability and its last lease's end (the grid, the vacancies and the 待办 read it).</summary>
    public const string VacantSince = """
        CROSS JOIN LATERAL (
            SELECT greatest(u.available_since, coalesce(max(l.ends_on), u.available_since)) AS since
              FROM cv_leases l
             WHERE l.park_id = u.park_id AND l.unit_id = u.unit_id AND l.ends_on <= @asOf AND l.voided_at IS NULL) v
        """;
}
