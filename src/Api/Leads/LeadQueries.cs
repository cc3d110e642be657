using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Grains.Leads;
using Dapper;
using Npgsql;

namespace CellValley.Api.Leads;

public sealed record LeadRow
{
    public string LeadId { get; init; } = "";

    public string Company { get; init; } = "";

    public string Segment { get; init; } = "";

    public string? ChainLink { get; init; }

    public string OwnerId { get; init; } = "";

    public string OwnerName { get; init; } = "";

    public string Stage { get; init; } = "";

    public DateOnly StageSince { get; init; }

    public int DaysInStage { get; init; }

    public string Status { get; init; } = "";

    public decimal? Likelihood { get; init; }

    public decimal? SpaceAreaSqm { get; init; }

    public string? PreferredParkId { get; init; }

    public DateOnly? EstimatedLanding { get; init; }

    public DateOnly? NextFollowUp { get; init; }

    public decimal? EstimatedInvestmentYuan { get; init; }

    public int? EstimatedJobs { get; init; }

    /// <summary>Why the lead was lost (or its status last changed).</summary>
    public string? StatusReason { get; init; }

    /// <summary>For a lost lead, the city or cluster it went to.</summary>
    public string? LostTo { get; init; }

    public int Version { get; init; }
}

public sealed record FunnelStage(string Stage, string Name, int Reached, int Now, decimal? ConversionToNext);

public sealed record FunnelDto(IReadOnlyList<FunnelStage> Stages, IReadOnlyDictionary<string, int> ByStatus);

public sealed record LeadFilter(string? Owner, string? Stage, string? Status, string? Segment, int Page, int PageSize);

/// <summary>The staff views of the pipeline, from cv_leads and cv_lead_stages.</summary>
public sealed class LeadQueries(NpgsqlDataSource dataSource, LeadCatalogue catalogue)
{
    private const string Columns = """
        lead_id AS LeadId, company, segment, chain_link AS ChainLink, owner_id AS OwnerId, owner_name AS OwnerName,
        stage, stage_since AS StageSince, (@today - stage_since) AS DaysInStage, status, likelihood,
        space_area_sqm AS SpaceAreaSqm, preferred_park_id AS PreferredParkId, estimated_landing AS EstimatedLanding,
        next_follow_up AS NextFollowUp, estimated_investment_yuan AS EstimatedInvestmentYuan, estimated_jobs AS EstimatedJobs,
        status_reason AS StatusReason, lost_to AS LostTo, version
        """;

    public async Task<PagedList<LeadRow>> ListAsync(LeadFilter f, DateOnly today)
    {
        var args = new { f.Owner, f.Stage, f.Status, f.Segment, today, limit = f.PageSize, offset = (long)(f.Page - 1) * f.PageSize };
        const string where = """
            WHERE (@Owner::text IS NULL OR owner_id = @Owner OR owner_name = @Owner) AND (@Stage::text IS NULL OR stage = @Stage)
              AND (@Status::text IS NULL OR status = @Status) AND (@Segment::text IS NULL OR segment = @Segment)
            """;
        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM cv_leads {where}", args);
        var rows = await connection.QueryAsync<LeadRow>(
            $"SELECT {Columns} FROM cv_leads {where} ORDER BY stage_rank DESC, next_follow_up NULLS LAST, lead_id LIMIT @limit OFFSET @offset", args);
        return new PagedList<LeadRow>(rows.AsList(), total, f.Page, f.PageSize);
    }

    /// <summary>Open leads whose next follow-up date has passed.</summary>
    public async Task<PagedList<LeadRow>> OverdueAsync(string? owner, DateOnly today, int? page, int? pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.PageAsync<LeadRow>(Columns,
            """
            FROM cv_leads
            WHERE status IN ('active', 'delayed') AND next_follow_up < @today AND (@owner::text IS NULL OR owner_id = @owner OR owner_name = @owner)
            """,
            "next_follow_up, lead_id", new { owner, today }, page, pageSize);
    }

    /// <summary>Active leads idle in their stage longer than the stage's threshold (leads.json).</summary>
    public async Task<PagedList<LeadRow>> StaleAsync(DateOnly today, int? page, int? pageSize)
    {
        var stages = catalogue.Stages.Where(s => s.StaleAfterDays is not null).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.PageAsync<LeadRow>(Columns,
            """
            FROM cv_leads l
            JOIN unnest(@codes, @days) AS t(stage_code, days) ON t.stage_code = l.stage
            WHERE l.status = 'active' AND (@today - l.stage_since) > t.days
            """,
            "(@today - l.stage_since) - t.days DESC, l.lead_id",
            new { today, codes = stages.Select(s => s.Code).ToArray(), days = stages.Select(s => s.StaleAfterDays!.Value).ToArray() }, page, pageSize);
    }

    /// <summary>How many leads reached each stage, how many are in it now, and the conversion to the next.</summary>
    public async Task<FunnelDto> FunnelAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var reached = (await connection.QueryAsync<(int Rank, int Count)>(
            """
            SELECT r.rank, count(*)::int FROM (SELECT lead_id, max(stage_rank) AS top FROM cv_lead_stages GROUP BY lead_id) m
              JOIN generate_series(0, 10) AS r(rank) ON r.rank <= m.top
             GROUP BY r.rank
            """)).ToDictionary(r => r.Rank, r => r.Count);
        var now = (await connection.QueryAsync<(string Stage, int Count)>(
            "SELECT stage, count(*)::int FROM cv_leads WHERE status NOT IN ('lost', 'won') GROUP BY stage")).ToDictionary(r => r.Stage, r => r.Count);
        var byStatus = (await connection.QueryAsync<(string Status, int Count)>(
            "SELECT status, count(*)::int FROM cv_leads GROUP BY status")).ToDictionary(r => r.Status, r => r.Count);

        var stages = catalogue.Stages.OrderBy(s => s.Rank).ToArray();
        var funnel = stages.Select((s, i) =>
        {
            var here = reached.GetValueOrDefault(s.Rank);
            decimal? conversion = i + 1 < stages.Length && here > 0
                ? Math.Round((decimal)reached.GetValueOrDefault(stages[i + 1].Rank) / here, 4)
                : null;
            return new FunnelStage(s.Code, s.Name, here, now.GetValueOrDefault(s.Code), conversion);
        }).ToArray();
        return new FunnelDto(funnel, byStatus);
    }

    /// <summary>Open leads (not lost, not won) that follow the same company: the same credit code, or the same name ignoring spaces and case.</summary>
    public async Task<IReadOnlyList<string>> OpenLeadsForAsync(string? company, string? creditCode)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT lead_id FROM cv_leads
             WHERE status NOT IN ('lost', 'won')
               AND ((@code::text IS NOT NULL AND credit_code = @code)
                    OR regexp_replace(lower(company), '\s', '', 'g') = regexp_replace(lower(@company), '\s', '', 'g'))
             ORDER BY lead_id
            """,
            new { company = company ?? "", code = string.IsNullOrWhiteSpace(creditCode) ? null : Grains.Common.CreditCode.Normalize(creditCode) });
        return rows.AsList();
    }
}
