using CellValley.Api.Common;
using Dapper;
using Npgsql;

namespace CellValley.Api.Enterprises;

/// <summary>Filters of the enterprise list.</summary>
public sealed record EnterpriseFilter(
    string? Query, string? Segment, string? Tier, string? District, int Page, int PageSize, string? TenantsOfPark = null, string? Status = null,
    string? Sort = null, bool? Expired = null)
{
    /// <summary>The orders a list can be sorted in ("-" first: descending); the name breaks ties.</summary>
    public static readonly IReadOnlyDictionary<string, string> Orders = new Dictionary<string, string>
    {
        ["name"] = "name, credit_code",
        ["-name"] = "name DESC, credit_code",
        ["foundedOn"] = "founded_on NULLS LAST, name, credit_code",
        ["-foundedOn"] = "founded_on DESC NULLS LAST, name, credit_code",
        ["headcount"] = "headcount NULLS LAST, name, credit_code",
        ["-headcount"] = "headcount DESC NULLS LAST, name, credit_code",
        ["tierSince"] = "tier_since NULLS LAST, name, credit_code",
        ["-tierSince"] = "tier_since DESC NULLS LAST, name, credit_code",
        ["updatedAt"] = "updated_at, credit_code",
        ["-updatedAt"] = "updated_at DESC, credit_code",
    };
}

/// <summary>Lists and history read straight from PostgreSQL's read tables, never from grains.</summary>
public sealed class EnterpriseQueries(NpgsqlDataSource dataSource)
{
    public async Task<PagedList<EnterpriseListItem>> ListAsync(EnterpriseFilter filter)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            // Substring match on either name; LIKE wildcards typed by the user are matched literally.
            where.Add("(name LIKE @q ESCAPE '\\' OR lower(name_en) LIKE lower(@q) ESCAPE '\\' OR credit_code = upper(@code))");
            args.Add("q", "%" + EscapeLike(filter.Query.Trim()) + "%");
            args.Add("code", filter.Query.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            where.Add("segments @> ARRAY[@segment]::text[]");
            args.Add("segment", filter.Segment);
        }

        if (!string.IsNullOrWhiteSpace(filter.Tier))
        {
            where.Add("tier = @tier");
            args.Add("tier", filter.Tier);
        }

        if (!string.IsNullOrWhiteSpace(filter.District))
        {
            where.Add("district = @district");
            args.Add("district", filter.District);
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            where.Add("status = @status");
            args.Add("status", filter.Status);
        }
        else
        {
            // A duplicate merged into another record is listed only when asked for.
            where.Add("status <> 'merged'");
        }

        if (filter.Expired is { } expired)
        {
            where.Add(expired ? "tier_valid_until < current_date" : "(tier_valid_until IS NULL OR tier_valid_until >= current_date)");
        }

        if (filter.TenantsOfPark is not null)
        {
            where.Add("credit_code IN (SELECT tenant_code FROM cv_leases WHERE park_id = @park AND voided_at IS NULL)");
            args.Add("park", filter.TenantsOfPark);
        }

        var whereSql = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        args.Add("limit", filter.PageSize);
        args.Add("offset", (long)(filter.Page - 1) * filter.PageSize);

        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM cv_enterprises {whereSql}", args);
        var items = await connection.QueryAsync<EnterpriseListItem>(
            $"""
            SELECT credit_code AS CreditCode, name, name_en AS NameEn, segments, district, founded_on AS FoundedOn,
                   headcount, status, status_since AS StatusSince, tier, tier_since AS TierSince, tier_valid_until AS TierValidUntil,
                   coalesce(tier_valid_until < current_date, false) AS TierExpired, version,
                   updated_at AS UpdatedAt
              FROM cv_enterprises {whereSql}
             ORDER BY {EnterpriseFilter.Orders[filter.Sort ?? "name"]}
             LIMIT @limit OFFSET @offset
            """,
            args);
        return new PagedList<EnterpriseListItem>(items.AsList(), total, filter.Page, filter.PageSize);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
