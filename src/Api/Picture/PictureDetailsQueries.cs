using CellValley.Api.Common;
using CellValley.Grains.Leads;
using CellValley.Grains.Picture;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;

namespace CellValley.Api.Picture;

/// <summary>The view a picture number was read in: the day, and the park and segment it was narrowed to.</summary>
public sealed record PictureView(DateOnly AsOf, string? Park, string? Segment);

/// <summary>
/// The records behind each number of the picture: the same scope and the same conditions as
/// <see cref="PictureQueries"/>, so a list holds exactly what its number counts on that day.
/// </summary>
public sealed class PictureDetailsQueries(
    NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, LeadCatalogue leads, PictureCatalogue catalogue, PictureQueries picture)
{
    private const string CurrentTier = """
        current_tier AS (
            SELECT DISTINCT ON (r.credit_code) r.credit_code, r.tier, r.recognized_on, r.valid_until
              FROM cv_tier_recognitions r JOIN scope s USING (credit_code)
             WHERE r.recognized_on <= @asOf AND r.voided_at IS NULL
             ORDER BY r.credit_code, r.recognized_on DESC, r.recorded_at DESC)
        """;

    // tier: the tier held on the day ('none' for none); expired: whether that recognition had lapsed;
    // holds: firms holding any of these segments (a segment bar, or a chain link's segments).
    private const string EnterprisesSql = $"""
        FROM (WITH {PictureQueries.Scope},
        {CurrentTier}
        SELECT e.credit_code AS CreditCode, e.name AS Name, e.district AS District, e.segments AS Segments,
               coalesce(t.tier, 'none') AS Tier, t.recognized_on AS RecognizedOn, t.valid_until AS ValidUntil,
               NULL::text AS PreviousTier, NULL::date AS MovedOn
          FROM scope s JOIN cv_enterprises e USING (credit_code) LEFT JOIN current_tier t USING (credit_code)
         WHERE (@tier::text IS NULL OR coalesce(t.tier, 'none') = @tier)
           AND (@expired::boolean IS NULL OR coalesce(t.valid_until < @asOf AND t.tier <> 'none', false) = @expired)
           AND (@holds::text[] IS NULL OR s.segments && @holds::text[])) d
        """;

    // The recognitions behind the tier moves of a period (see PictureQueries.MovesSql): one row per move.
    private const string MovesSql = $"""
        FROM (WITH {PictureQueries.Scope},
        r AS (
            SELECT r.credit_code, r.tier, r.recognized_on, r.valid_until, r.tier_rank,
                   lag(r.tier) OVER w AS prev_tier, lag(r.tier_rank) OVER w AS prev_rank, lead(r.recognized_on) OVER w AS next_on
              FROM cv_tier_recognitions r JOIN scope s USING (credit_code)
             WHERE r.recognized_on <= @to AND r.voided_at IS NULL
            WINDOW w AS (PARTITION BY r.credit_code ORDER BY r.recognized_on, r.recorded_at))
        SELECT e.credit_code AS CreditCode, e.name AS Name, e.district AS District, e.segments AS Segments,
               r.tier AS Tier, r.recognized_on AS RecognizedOn, r.valid_until AS ValidUntil,
               coalesce(r.prev_tier, 'none') AS PreviousTier,
               CASE WHEN @move::text = 'expired' THEN r.valid_until ELSE r.recognized_on END AS MovedOn
          FROM r JOIN cv_enterprises e USING (credit_code)
         WHERE CASE @move::text
                 WHEN 'up' THEN r.recognized_on BETWEEN @from AND @to AND r.tier_rank > coalesce(r.prev_rank, 0)
                 WHEN 'down' THEN r.recognized_on BETWEEN @from AND @to AND r.tier_rank < coalesce(r.prev_rank, 0)
                 ELSE r.tier_rank > 0 AND r.valid_until > @from AND r.valid_until <= @to AND (r.next_on IS NULL OR r.next_on > r.valid_until)
               END) d
        """;

    // A product's stage on the day (see PictureQueries.PipelineSql); ids: the products a target counts.
    private const string ProductsSql = $"""
        FROM (WITH {PictureQueries.Scope}
        SELECT st.product_id AS ProductId, p.name AS Name, st.credit_code AS CreditCode, e.name AS EnterpriseName,
               st.kind AS Kind, st.stage AS Stage, st.stage_rank AS StageRank, st.entered_on AS EnteredOn,
               st.class_one AS ClassOne, st.innovative_device AS InnovativeDevice, p.registration_class AS RegistrationClass
          FROM cv_product_stages st
          JOIN cv_products p USING (product_id)
          LEFT JOIN cv_enterprises e ON e.credit_code = st.credit_code
         WHERE st.entered_on <= @asOf AND (st.superseded_on IS NULL OR st.superseded_on > @asOf)
           AND (@park::text IS NULL AND @segment::text IS NULL OR st.credit_code IN (SELECT credit_code FROM scope))
           AND (@stage::text IS NULL OR st.stage = @stage)
           AND (@kind::text IS NULL OR st.kind = @kind)
           AND (@kinds::text[] IS NULL OR st.kind = ANY(@kinds::text[]))
           AND (@classOne::boolean IS NULL OR st.class_one = @classOne)
           AND (@innovativeDevice::boolean IS NULL OR st.innovative_device = @innovativeDevice)
           AND (@ids::text[] IS NULL OR st.product_id = ANY(@ids::text[]))) d
        """;

    // The parts the funding chart adds up (see PictureQueries.FundingSql): a round's guidance-fund part
    // is its own row under guidance-fund.
    private const string FundingSql = $"""
        FROM (WITH {PictureQueries.Scope},
        f AS (
            SELECT f.funding_id, f.credit_code, f.kind, f.funded_on, f.date_precision, f.source, f.currency, f.amount, f.guidance_yuan, f.uncapped,
                   coalesce(f.round_type, f.grantor, f.lender) AS detail
              FROM cv_funding f JOIN scope s USING (credit_code)
             WHERE f.funded_on <= @asOf AND f.voided_at IS NULL),
        parts AS (
            SELECT funding_id, credit_code, kind, funded_on, date_precision, source, currency, amount - guidance_yuan AS amount, uncapped, detail
              FROM f WHERE amount - guidance_yuan > 0
            UNION ALL
            SELECT funding_id, credit_code, kind, funded_on, date_precision, 'guidance-fund', currency, guidance_yuan, false, detail
              FROM f WHERE guidance_yuan > 0)
        SELECT p.funding_id AS FundingId, p.credit_code AS CreditCode, e.name AS EnterpriseName, p.kind AS Kind,
               p.source AS Source, p.funded_on AS FundedOn, p.date_precision AS DatePrecision, p.amount AS Amount, p.currency AS Currency,
               p.uncapped AS Uncapped, p.detail AS Detail
          FROM parts p JOIN cv_enterprises e USING (credit_code)
         WHERE (@year::int IS NULL OR extract(year FROM p.funded_on)::int = @year)
           AND (@source::text IS NULL OR p.source = @source)) d
        """;

    // The leads of the funnel and the chain map on the day (see PictureQueries.LeadSql).
    private const string LeadsSql = """
        FROM (WITH status_on AS (
            SELECT DISTINCT ON (lead_id) lead_id, status FROM cv_lead_statuses WHERE since <= @asOf ORDER BY lead_id, seq DESC),
        stage_on AS (
            SELECT DISTINCT ON (lead_id) lead_id, stage, stage_rank FROM cv_lead_stages WHERE since <= @asOf ORDER BY lead_id, seq DESC),
        reached AS (
            SELECT lead_id, max(stage_rank) AS top FROM cv_lead_stages WHERE since <= @asOf GROUP BY lead_id)
        SELECT d.lead_id AS LeadId, d.company AS Company, d.segment AS Segment, d.chain_link AS ChainLink,
               st.stage AS Stage, st.stage_rank AS StageRank, so.status AS Status, d.owner_name AS OwnerName,
               d.likelihood AS Likelihood, d.next_follow_up AS NextFollowUp
          FROM cv_leads d
          JOIN status_on so USING (lead_id) JOIN stage_on st USING (lead_id) JOIN reached r USING (lead_id)
         WHERE (@park::text IS NULL OR d.preferred_park_id = @park)
           AND (@segment::text IS NULL OR d.segment = @segment OR d.chain_link = @segment)
           AND (@reached::int IS NULL OR r.top >= @reached)
           AND (@now::text IS NULL OR st.stage = @now AND so.status NOT IN ('lost', 'won'))
           AND (@fills::text[] IS NULL OR d.chain_link = ANY(@fills::text[]) AND so.status IN ('active', 'delayed') AND st.stage <> 'landed')) d
        """;

    // Platforms by their status on the day (see PictureQueries.PlatformSql).
    private const string PlatformsSql = """
        FROM (WITH status_on AS (
            SELECT DISTINCT ON (ps.platform_id) ps.platform_id, ps.status, ps.since
              FROM cv_platform_statuses ps WHERE ps.since <= @asOf
             ORDER BY ps.platform_id, ps.seq DESC)
        SELECT p.platform_id AS PlatformId, p.name AS Name, p.kind AS Kind, so.status AS Status, so.since AS Since,
               p.park_id AS ParkId, p.operator AS Operator
          FROM status_on so JOIN cv_platforms p USING (platform_id)
         WHERE (@park::text IS NULL OR p.park_id = @park)
           AND so.status = ANY(@statuses::text[])
           AND (@kinds::text[] IS NULL OR p.kind = ANY(@kinds::text[]))
           AND (@notKinds::text[] IS NULL OR NOT p.kind = ANY(@notKinds::text[]))) d
        """;

    public async Task<PagedList<PictureEnterprise>> EnterprisesAsync(
        PictureView view, string? tier, bool? expired, string? segment, string? link, int? page, int? pageSize)
    {
        var holds = segment is not null ? new[] { segment } : link is not null ? catalogue.Links.First(l => l.Code == link).Segments : null;
        var args = new { asOf = view.AsOf, park = view.Park, segment = view.Segment, tier, expired, holds };
        return await PageAsync<PictureEnterprise>(EnterprisesSql, "d.Name, d.CreditCode", args, page, pageSize);
    }

    public async Task<PagedList<PictureEnterprise>> MovesAsync(PictureView view, string move, DateOnly from, int? page, int? pageSize)
    {
        var args = new { asOf = view.AsOf, park = view.Park, segment = view.Segment, move, from, to = view.AsOf };
        return await PageAsync<PictureEnterprise>(MovesSql, "d.MovedOn DESC, d.Name, d.CreditCode", args, page, pageSize);
    }

    /// <summary>
    /// Products on the day by stage and kind; productClass narrows them as the pipeline's sections do
    /// (medicine, class-one, innovative-device); a target id gives the products that target counts.
    /// </summary>
    public async Task<PagedList<PictureProduct>> ProductsAsync(
        PictureView view, string? stage, string? kind, string? productClass, PlanTarget? target, int? page, int? pageSize)
    {
        var devices = taxonomy.ProductKinds.Where(k => k.Device).Select(k => k.Code).ToArray();
        var medicines = taxonomy.ProductKinds.Where(k => !k.Device).Select(k => k.Code).ToArray();
        string[]? kinds = productClass switch
        {
            "medicine" or "class-one" => medicines,
            "innovative-device" => devices,
            _ => null,
        };
        string[]? ids = null;
        if (target is not null)
        {
            ids = (await ReachedAsync(view, target)).ToArray();
        }

        var args = new
        {
            asOf = view.AsOf, park = view.Park, segment = view.Segment, stage, kind, kinds, ids,
            classOne = productClass == "class-one" ? true : (bool?)null,
            innovativeDevice = productClass == "innovative-device" ? true : (bool?)null,
        };
        return await PageAsync<PictureProduct>(ProductsSql, "d.StageRank DESC, d.EnterpriseName, d.Name, d.ProductId", args, page, pageSize);
    }

    public async Task<PagedList<PictureFunding>> FundingAsync(PictureView view, int? year, string? source, int? page, int? pageSize)
    {
        var args = new { asOf = view.AsOf, park = view.Park, segment = view.Segment, year, source };
        return await PageAsync<PictureFunding>(FundingSql, "d.FundedOn DESC, d.EnterpriseName, d.FundingId, d.Source", args, page, pageSize);
    }

    /// <summary>reached: leads that had reached the stage by the day; now: open leads in it that day; link: open leads that would fill the chain link.</summary>
    public async Task<PagedList<PictureLead>> LeadsAsync(PictureView view, string? reached, string? now, string? link, int? page, int? pageSize)
    {
        var fills = link is null ? null : catalogue.Links.First(l => l.Code == link).Segments;
        var args = new { asOf = view.AsOf, park = view.Park, segment = view.Segment, reached = leads.FindStage(reached)?.Rank, now, fills };
        return await PageAsync<PictureLead>(LeadsSql, "d.StageRank DESC, d.Likelihood DESC NULLS LAST, d.Company, d.LeadId", args, page, pageSize);
    }

    /// <summary>link: the operating platforms a chain link counts; target: the platforms a platform target counts.</summary>
    public async Task<PagedList<PicturePlatform>> PlatformsAsync(PictureView view, string? link, PlanTarget? target, int? page, int? pageSize)
    {
        string[] statuses = target?.Metric == "industrialisation-bases" ? ["building", "operating"] : ["operating"];
        string[]? kinds = link is not null ? catalogue.Links.First(l => l.Code == link).PlatformKinds
            : target?.Metric == "industrialisation-bases" ? ["industrialisation-base"] : null;
        string[]? notKinds = target?.Metric == "platforms-operating" ? ["industrialisation-base"] : null;
        var args = new { asOf = view.AsOf, park = view.Park, statuses, kinds, notKinds };
        return await PageAsync<PicturePlatform>(PlatformsSql, "d.Name, d.PlatformId", args, page, pageSize);
    }

    private async Task<IEnumerable<string>> ReachedAsync(PictureView view, PlanTarget target)
    {
        var args = new { asOf = view.AsOf, park = view.Park, segment = view.Segment, minRank = picture.MinTargetRank(catalogue.PlanOn(view.AsOf)) };
        await using var connection = await dataSource.OpenConnectionAsync();
        var entries = (await connection.QueryAsync<PictureQueries.StageEntry>(PictureQueries.ReachedSql, args)).AsList();
        return picture.ProductsReaching(target, entries);
    }

    private async Task<PagedList<T>> PageAsync<T>(string from, string orderBy, object args, int? page, int? pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.PageAsync<T>("d.*", from, orderBy, args, page, pageSize);
    }
}
