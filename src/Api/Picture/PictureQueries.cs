using CellValley.Api.Common;
using CellValley.Grains.Leads;
using CellValley.Grains.Picture;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;

namespace CellValley.Api.Picture;

/// <summary>
/// Computes the picture from the read tables and their dated history, never from grains. The same
/// queries answer "today" and "as of": every section reads the state in force on @asOf.
/// </summary>
public sealed class PictureQueries(NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, LeadCatalogue leads, PictureCatalogue catalogue, TimeProvider clock)
{
    // The cluster on a date: enterprises founded by then (a landed lead's enterprise joins on the day it
    // landed) and not moved out or deregistered by then, narrowed to a segment and/or the park's tenants
    // that day (a lease in force then).
    internal const string Scope = """
        gone AS (
            SELECT DISTINCT ON (credit_code) credit_code, status FROM cv_enterprise_statuses
             WHERE since <= @asOf ORDER BY credit_code, since DESC, seq DESC),
        scope AS (
            SELECT e.credit_code, e.segments FROM cv_enterprises e
             WHERE CASE WHEN e.lead_id IS NOT NULL OR e.founded_on IS NULL THEN (e.registered_at AT TIME ZONE 'UTC')::date
                        ELSE e.founded_on END <= @asOf
               AND e.status <> 'merged'
               AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.credit_code = e.credit_code AND g.status <> 'active')
               AND (@segment::text IS NULL OR e.segments @> ARRAY[@segment]::text[])
               AND (@park::text IS NULL OR EXISTS (SELECT 1 FROM cv_leases l
                        WHERE l.tenant_code = e.credit_code AND l.park_id = @park AND l.starts_on <= @asOf AND @asOf < l.ends_on
                          AND l.voided_at IS NULL)))
        """;

    // Each enterprise's tier that day: its latest recognition by then, taken over all recognitions and then matched to
    // the scope (matching first sorted the scope's rows with them: twice the time at 100,000 enterprises).
    private const string TierSql = $"""
        WITH {Scope},
        current_tier AS (
            SELECT DISTINCT ON (r.credit_code) r.credit_code, r.tier, r.valid_until
              FROM cv_tier_recognitions r
             WHERE r.recognized_on <= @asOf AND r.voided_at IS NULL
             ORDER BY r.credit_code, r.recognized_on DESC, r.recorded_at DESC)
        SELECT coalesce(t.tier, 'none') AS Tier, count(*)::int AS Count,
               count(*) FILTER (WHERE t.valid_until < @asOf AND t.tier <> 'none')::int AS Expired
          FROM scope s LEFT JOIN current_tier t USING (credit_code)
         GROUP BY 1
        """;

    private const string SegmentSql = $"""
        WITH {Scope}
        SELECT segment AS Segment, count(*)::int AS Count FROM scope, unnest(segments) AS segment GROUP BY 1
        """;

    private const string MovesSql = $"""
        WITH {Scope},
        r AS (
            SELECT r.recognized_on, r.valid_until, r.tier_rank,
                   lag(r.tier_rank) OVER w AS prev_rank, lead(r.recognized_on) OVER w AS next_on
              FROM cv_tier_recognitions r JOIN scope s USING (credit_code)
             WHERE r.recognized_on <= @to AND r.voided_at IS NULL
            WINDOW w AS (PARTITION BY r.credit_code ORDER BY r.recognized_on, r.recorded_at))
        SELECT count(*) FILTER (WHERE recognized_on BETWEEN @from AND @to AND tier_rank > coalesce(prev_rank, 0))::int AS Up,
               count(*) FILTER (WHERE recognized_on BETWEEN @from AND @to AND tier_rank < coalesce(prev_rank, 0))::int AS Down,
               count(*) FILTER (WHERE tier_rank > 0 AND valid_until > @from AND valid_until <= @to
                                  AND (next_on IS NULL OR next_on > valid_until))::int AS Expired
          FROM r
        """;

    // A product's stage on the date is its latest stage entry dated on or before it: the entry entered
    // by then and not superseded by then (superseded_on is the earliest date of any later entry).
    // Without a park or segment filter the products count by their own dates, which needs no join.
    private const string PipelineSql = $"""
        WITH {Scope}
        SELECT st.kind AS Kind, st.stage AS Stage, st.class_one AS ClassOne, st.innovative_device AS InnovativeDevice, count(*)::int AS Count
          FROM cv_product_stages st
         WHERE st.entered_on <= @asOf AND (st.superseded_on IS NULL OR st.superseded_on > @asOf)
           AND (@park::text IS NULL AND @segment::text IS NULL OR st.credit_code IN (SELECT credit_code FROM scope))
         GROUP BY 1, 2, 3, 4
        """;

    // The combinations of segments that enterprises holding more than one have, and how many hold each:
    // with the per-segment counts they give each chain link's enterprises counted once (see EnterprisesByLink).
    private const string ComboSql = $"""
        WITH {Scope}
        SELECT segments AS Segments, count(*)::int AS Count FROM scope WHERE cardinality(segments) > 1 GROUP BY segments
        """;

    // The stage entries that product targets weigh: class-I or innovative products' entries at or beyond
    // the lowest stage a target names, dated by the day asked; InForce marks the product's stage that day.
    internal const string ReachedSql = $"""
        WITH {Scope}
        SELECT st.product_id AS ProductId, st.stage_rank AS Rank, st.entered_on AS EnteredOn,
               (st.superseded_on IS NULL OR st.superseded_on > @asOf) AS InForce,
               st.kind AS Kind, st.class_one AS ClassOne, st.innovative_device AS InnovativeDevice
          FROM cv_product_stages st
         WHERE st.entered_on <= @asOf AND (st.class_one OR st.innovative_device) AND st.stage_rank >= @minRank
           AND (@park::text IS NULL AND @segment::text IS NULL OR st.credit_code IN (SELECT credit_code FROM scope))
        """;

    // A round's guidance-fund part counts as guidance-fund, the rest as equity (cv_funding.guidance_yuan);
    // voided entries never count; UncappedAmount is what was granted where no cap policy was in force.
    // Each entry is split into its two parts in place (a lateral pair of rows), read once.
    private const string FundingSql = $"""
        WITH {Scope}
        SELECT extract(year FROM f.funded_on)::int AS Year, p.source AS Source, f.currency AS Currency,
               sum(p.amount) AS Amount, count(*)::int AS Count, coalesce(sum(p.amount) FILTER (WHERE p.uncapped), 0) AS UncappedAmount
          FROM cv_funding f JOIN scope s USING (credit_code)
         CROSS JOIN LATERAL (VALUES (f.source, f.amount - f.guidance_yuan, f.uncapped),
                                    ('guidance-fund', f.guidance_yuan, false)) AS p (source, amount, uncapped)
         WHERE f.funded_on <= @asOf AND f.voided_at IS NULL AND p.amount > 0
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        """;

    // The same tenancy a park's own occupancy reads (cv_unit_tenancy, schema 0018): one answer per day.
    private const string OccupancySql = """
        SELECT p.park_id AS ParkId, p.name AS Name, p.occupancy_target AS Target,
               coalesce(sum(t.area_sqm) FILTER (WHERE t.counts), 0) AS Leasable, coalesce(sum(t.leased), 0) AS Leased
          FROM cv_parks p
          LEFT JOIN cv_unit_tenancy(@asOf, @park) t ON t.park_id = p.park_id
         WHERE @park::text IS NULL OR p.park_id = @park
         GROUP BY p.park_id, p.name, p.occupancy_target
         ORDER BY p.park_id
        """;

    private const string PlatformSql = """
        WITH status_on AS (
            SELECT DISTINCT ON (ps.platform_id) ps.platform_id, ps.status
              FROM cv_platform_statuses ps WHERE ps.since <= @asOf
             ORDER BY ps.platform_id, ps.seq DESC)
        SELECT p.kind AS Kind, so.status AS Status, count(*)::int AS Count
          FROM status_on so JOIN cv_platforms p USING (platform_id)
         WHERE @park::text IS NULL OR p.park_id = @park
         GROUP BY 1, 2
        """;

    private const string LeadSql = """
        WITH status_on AS (
            SELECT DISTINCT ON (lead_id) lead_id, status FROM cv_lead_statuses WHERE since <= @asOf ORDER BY lead_id, seq DESC),
        stage_on AS (
            SELECT DISTINCT ON (lead_id) lead_id, stage, stage_rank FROM cv_lead_stages WHERE since <= @asOf ORDER BY lead_id, seq DESC),
        reached AS (
            SELECT lead_id, max(stage_rank) AS top FROM cv_lead_stages WHERE since <= @asOf GROUP BY lead_id)
        SELECT d.lead_id AS LeadId, d.company AS Company, d.chain_link AS ChainLink, d.likelihood AS Likelihood,
               so.status AS Status, st.stage AS Stage, r.top AS Reached
          FROM cv_leads d
          JOIN status_on so USING (lead_id) JOIN stage_on st USING (lead_id) JOIN reached r USING (lead_id)
         WHERE (@park::text IS NULL OR d.preferred_park_id = @park)
           AND (@segment::text IS NULL OR d.segment = @segment OR d.chain_link = @segment)
        """;

    public DateOnly Today => clock.Today();

    public async Task<PictureDto> ComputeAsync(PictureRequest request)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await ComputeCoreAsync(request);
        }
        finally
        {
            Grains.Common.RegistryMetrics.PictureCompute.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<PictureDto> ComputeCoreAsync(PictureRequest request)
    {
        var plan = catalogue.PlanOn(request.AsOf);
        var minRank = MinTargetRank(plan);
        var args = new { asOf = request.AsOf, park = request.Park, segment = request.Segment, from = request.MovesFrom, to = request.MovesTo, minRank };
        var tiers = QueryAsync<(string Tier, int Count, int Expired)>(TierSql, args);
        var segments = QueryAsync<SegmentCount>(SegmentSql, args);
        var moves = QueryAsync<(int Up, int Down, int Expired)>(MovesSql, args);
        var pipeline = QueryAsync<(string Kind, string Stage, bool ClassOne, bool InnovativeDevice, int Count)>(PipelineSql, args);
        var funding = QueryAsync<FundingRow>(FundingSql, args);
        var occupancy = QueryAsync<(string ParkId, string Name, decimal Target, decimal Leasable, decimal Leased)>(OccupancySql, args);
        var platforms = QueryAsync<(string Kind, string Status, int Count)>(PlatformSql, args);
        var leadRows = QueryAsync<(string LeadId, string Company, string? ChainLink, decimal? Likelihood, string Status, string Stage, int Reached)>(LeadSql, args);
        var combos = QueryAsync<SegmentCombo>(ComboSql, args);
        var reached = QueryAsync<StageEntry>(ReachedSql, args);
        await Task.WhenAll(tiers, segments, moves, pipeline, funding, occupancy, platforms, leadRows, combos, reached);

        var enterprises = Enterprises(await tiers, await segments);
        var move = (await moves).Single();
        var pipe = Pipeline(await pipeline);
        var parks = Occupancy(await occupancy);
        var platformCounts = await platforms;
        var openLeads = (await leadRows).ToArray();
        var chain = Chain(EnterprisesByLink(await segments, await combos), platformCounts, openLeads);
        var funnel = Funnel(openLeads);
        var entries = await reached;
        var targets = plan.Targets.Select(t => Target(t, entries, enterprises, platformCounts, parks)).ToArray();
        return new PictureDto(request.AsOf, request.Park, request.Segment, clock.GetUtcNow(), enterprises,
            new TierMoves(request.MovesFrom, request.MovesTo, move.Up, move.Down, move.Expired), pipe, (await funding).ToArray(),
            parks, chain, funnel, plan.Version, targets, plan.Title);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object args)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, args)).AsList();
    }

    private EnterpriseSection Enterprises(IReadOnlyList<(string Tier, int Count, int Expired)> tiers, IReadOnlyList<SegmentCount> segments)
    {
        var byTier = taxonomy.Tiers.Select(t =>
        {
            var row = tiers.FirstOrDefault(r => r.Tier == t.Code);
            return new TierCount(t.Code, t.Name, row.Count, row.Expired);
        }).ToArray();
        var bySegment = taxonomy.Segments.Select(s => new SegmentCount(s.Name, segments.FirstOrDefault(r => r.Segment == s.Name)?.Count ?? 0)).ToArray();
        return new EnterpriseSection(tiers.Sum(t => t.Count), byTier, bySegment);
    }

    private PipelineSection Pipeline(IReadOnlyList<(string Kind, string Stage, bool ClassOne, bool InnovativeDevice, int Count)> rows)
    {
        IReadOnlyList<StageCount> ByStage(Func<(string Kind, string Stage, bool ClassOne, bool InnovativeDevice, int Count), bool> filter) =>
            taxonomy.ProductStages.Select(s => new StageCount(s.Code, s.Name, rows.Where(r => r.Stage == s.Code && filter(r)).Sum(r => r.Count))).ToArray();

        var devices = taxonomy.ProductKinds.Where(k => k.Device).Select(k => k.Code).ToHashSet();
        return new PipelineSection(
            rows.Sum(r => r.Count),
            ByStage(_ => true),
            ByStage(r => !devices.Contains(r.Kind)),
            taxonomy.ProductKinds.Select(k => new KindCount(k.Code, k.Name, rows.Where(r => r.Kind == k.Code).Sum(r => r.Count))).ToArray(),
            ByStage(r => r.ClassOne && !devices.Contains(r.Kind)),
            ByStage(r => r.InnovativeDevice && devices.Contains(r.Kind)));
    }

    private static OccupancySection Occupancy(IReadOnlyList<(string ParkId, string Name, decimal Target, decimal Leasable, decimal Leased)> rows)
    {
        var parks = rows.Select(r =>
        {
            decimal? share = r.Leasable == 0 ? null : Math.Round(r.Leased / r.Leasable, 4);
            return new ParkOccupancy(r.ParkId, r.Name, r.Leasable, r.Leased, share, r.Target, share is { } s ? s > r.Target : null);
        }).ToArray();
        var leasable = parks.Sum(p => p.LeasableSqm);
        var leased = parks.Sum(p => p.LeasedSqm);
        return new OccupancySection(parks, leasable, leased, leasable == 0 ? null : Math.Round(leased / leasable, 4));
    }

    private static readonly string[] OpenStatuses = ["active", "delayed"];

    private IReadOnlyList<ChainLinkStatus> Chain(
        IReadOnlyDictionary<string, int> enterprisesByLink,
        IReadOnlyList<(string Kind, string Status, int Count)> platforms,
        IReadOnlyList<(string LeadId, string Company, string? ChainLink, decimal? Likelihood, string Status, string Stage, int Reached)> leadRows) =>
        catalogue.Links.Select(link =>
        {
            var enterprises = enterprisesByLink.GetValueOrDefault(link.Code);
            var operating = platforms.Where(p => p.Status == "operating" && link.PlatformKinds.Contains(p.Kind)).Sum(p => p.Count);
            var filling = leadRows
                .Where(l => l.ChainLink is not null && link.Segments.Contains(l.ChainLink) && OpenStatuses.Contains(l.Status) && l.Stage != "landed")
                .OrderByDescending(l => l.Likelihood ?? 0).ThenBy(l => l.LeadId)
                .Select(l => new GapLead(l.LeadId, l.Company, l.Stage, l.Status, l.Likelihood))
                .ToArray();
            var gap = enterprises + operating <= 1;
            return new ChainLinkStatus(link.Code, link.Name, link.Position, enterprises, operating, gap, gap ? filling : []);
        }).ToArray();

    private IReadOnlyList<FunnelRow> Funnel(IReadOnlyList<(string LeadId, string Company, string? ChainLink, decimal? Likelihood, string Status, string Stage, int Reached)> rows) =>
        leads.Stages.OrderBy(s => s.Rank).Select(s => new FunnelRow(
            s.Code,
            s.Name,
            rows.Count(r => r.Reached >= s.Rank),
            rows.Count(r => r.Stage == s.Code && r.Status is not ("lost" or "won")))).ToArray();

    private sealed record SegmentCombo
    {
        public string[] Segments { get; init; } = [];

        public int Count { get; init; }
    }

    /// <summary>
    /// Each link's enterprises, each once: the sum of its segments' counts, less the extra counts of
    /// enterprises that hold more than one of the link's segments.
    /// </summary>
    private Dictionary<string, int> EnterprisesByLink(IReadOnlyList<SegmentCount> segments, IReadOnlyList<SegmentCombo> combos) =>
        catalogue.Links.ToDictionary(
            link => link.Code,
            link => segments.Where(s => link.Segments.Contains(s.Segment)).Sum(s => s.Count)
                - combos.Sum(c => c.Count * Math.Max(0, c.Segments.Count(link.Segments.Contains) - 1)));

    /// <summary>A product's stage entry as the product targets weigh it.</summary>
    internal sealed record StageEntry
    {
        public string ProductId { get; init; } = "";

        public int Rank { get; init; }

        public DateOnly EnteredOn { get; init; }

        public bool InForce { get; init; }

        public string Kind { get; init; } = "";

        public bool ClassOne { get; init; }

        public bool InnovativeDevice { get; init; }
    }

    /// <summary>The lowest stage rank any product target of the plan names (the entries <see cref="ReachedSql"/> must read).</summary>
    internal int MinTargetRank(ActionPlanVersion plan) =>
        plan.Targets.Where(t => t.Stage is not null).Select(t => taxonomy.FindStage(t.Stage!)!.Rank).DefaultIfEmpty(int.MaxValue).Min();

    /// <summary>
    /// The products a product target counts: at or beyond the target's stage on the day asked, first
    /// reaching it on or after the target's start, of the classes it counts (class-I medicines, innovative devices).
    /// </summary>
    internal IEnumerable<string> ProductsReaching(PlanTarget target, IReadOnlyList<StageEntry> entries)
    {
        var rank = taxonomy.FindStage(target.Stage!)!.Rank;
        var devices = taxonomy.ProductKinds.Where(k => k.Device).Select(k => k.Code).ToHashSet();
        var counts = target.Counts ?? [];
        bool Counted(StageEntry e) =>
            (counts.Contains("class-one-medicines") && e.ClassOne && !devices.Contains(e.Kind))
            || (counts.Contains("innovative-devices") && e.InnovativeDevice && devices.Contains(e.Kind));

        return entries.GroupBy(e => e.ProductId).Where(product =>
            product.FirstOrDefault(e => e.InForce) is { } now && now.Rank >= rank && Counted(now)
            && product.Where(e => e.Rank >= rank).Min(e => e.EnteredOn) >= (target.Since ?? DateOnly.MinValue))
            .Select(product => product.Key);
    }

    private TargetStatus Target(
        PlanTarget target, IReadOnlyList<StageEntry> entries, EnterpriseSection enterprises,
        IReadOnlyList<(string Kind, string Status, int Count)> platforms, OccupancySection occupancy)
    {
        decimal? value = target.Metric switch
        {
            "products-reaching" => ProductsReaching(target, entries).Count(),
            "platforms-operating" => platforms.Where(p => p.Status == "operating" && p.Kind != "industrialisation-base").Sum(p => p.Count),
            "industrialisation-bases" => platforms.Where(p => p.Kind == "industrialisation-base" && p.Status is "building" or "operating").Sum(p => p.Count),
            "leader-enterprises" => enterprises.ByTier.Where(t => t.Tier == "leader").Sum(t => t.Count - t.Expired),
            "park-occupancy" => occupancy.Parks.FirstOrDefault(p => p.ParkId == target.ParkId)?.Occupancy,
            _ => null,
        };
        var met = value is { } v && (target.Above is { } above ? v > above : target.Min is null || v >= target.Min);
        return new TargetStatus(target.Id, target.Text, value, target.Min, target.Max, target.Above, met, target.Metric, target.ParkId);
    }
}
