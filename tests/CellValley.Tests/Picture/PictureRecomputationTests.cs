using System.Net;
using System.Text.Json;
using CellValley.Grains.Taxonomy;
using CellValley.Silo.Generation;
using CellValley.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CellValley.Tests.Picture;

/// <summary>
/// Generates a cluster with the generator and checks today's picture, built from dated history,
/// against plain SQL over the current-state read tables.
/// </summary>
public sealed class PictureRecomputationTests : IClassFixture<IsolatedApiFixture>
{
    private readonly IsolatedApiFixture _api;

    public PictureRecomputationTests(IsolatedApiFixture api) => _api = api;

    [Fact]
    public async Task TodaysPictureEqualsAStraightforwardSqlRecomputation()
    {
        var generator = new ClusterGenerator(_api.Services.GetRequiredService<IGrainFactory>(),
            _api.Services.GetRequiredService<ClusterTaxonomy>(), TimeProvider.System, _ => { });
        await generator.RunAsync(new GeneratorOptions(150, Parks: 3, Platforms: 12, Leads: 40, Parallelism: 8, Seed: 4242), CancellationToken.None);

        using var client = _api.Client(_api.AdminToken);
        var picture = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/picture"));
        await using var db = NpgsqlDataSource.Create(_api.ConnectionString);
        await using var connection = await db.OpenConnectionAsync();

        // Enterprises: generated ones are all founded before today, so every registered one counts.
        var tiers = (await connection.QueryAsync<(string Tier, int Count)>("SELECT tier, count(*)::int FROM cv_enterprises GROUP BY tier"))
            .ToDictionary(r => r.Tier, r => r.Count);
        foreach (var tier in picture.GetProperty("enterprises").GetProperty("byTier").EnumerateArray())
        {
            Assert.Equal(tiers.GetValueOrDefault(tier.GetProperty("tier").GetString()!), tier.GetProperty("count").GetInt32());
        }

        var segments = (await connection.QueryAsync<(string Segment, int Count)>("SELECT s, count(*)::int FROM cv_enterprises, unnest(segments) s GROUP BY s"))
            .ToDictionary(r => r.Segment, r => r.Count);
        foreach (var segment in picture.GetProperty("enterprises").GetProperty("bySegment").EnumerateArray())
        {
            Assert.Equal(segments.GetValueOrDefault(segment.GetProperty("segment").GetString()!), segment.GetProperty("count").GetInt32());
        }

        var stages = (await connection.QueryAsync<(string Stage, int Count)>("SELECT stage, count(*)::int FROM cv_products GROUP BY stage"))
            .ToDictionary(r => r.Stage, r => r.Count);
        var pipeline = picture.GetProperty("pipeline");
        Assert.Equal(stages.Values.Sum(), pipeline.GetProperty("total").GetInt32());
        foreach (var stage in pipeline.GetProperty("byStage").EnumerateArray())
        {
            Assert.Equal(stages.GetValueOrDefault(stage.GetProperty("stage").GetString()!), stage.GetProperty("count").GetInt32());
        }

        var funding = (await connection.QueryAsync<(int Year, string Source, decimal Amount)>(
            """
            SELECT y, s, sum(a) FROM (
                SELECT extract(year FROM funded_on)::int AS y, source AS s, amount - guidance_yuan AS a FROM cv_funding
                 WHERE voided_at IS NULL AND amount > guidance_yuan
                UNION ALL
                SELECT extract(year FROM funded_on)::int, 'guidance-fund', guidance_yuan FROM cv_funding WHERE voided_at IS NULL AND guidance_yuan > 0) x
             GROUP BY 1, 2 ORDER BY 1, 2
            """))
            .Select(r => $"{r.Year}/{r.Source}/{r.Amount:0}").ToArray();
        Assert.Equal(funding, picture.GetProperty("funding").EnumerateArray()
            .Select(f => $"{f.GetProperty("year").GetInt32()}/{f.GetProperty("source").GetString()}/{f.GetProperty("amount").GetDecimal():0}").ToArray());

        var occupancy = (await connection.QueryAsync<(string Park, decimal Leased)>(
            """
            SELECT p.park_id, coalesce(sum(l.area_sqm) FILTER (WHERE l.starts_on <= current_date AND current_date < l.ends_on), 0)
              FROM cv_parks p LEFT JOIN cv_leases l USING (park_id) GROUP BY p.park_id
            """)).ToDictionary(r => r.Park, r => r.Leased);
        foreach (var park in picture.GetProperty("occupancy").GetProperty("parks").EnumerateArray())
        {
            Assert.Equal(occupancy[park.GetProperty("parkId").GetString()!], park.GetProperty("leasedSqm").GetDecimal());
        }

        var operating = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM cv_platforms WHERE status = 'operating' AND kind <> 'industrialisation-base'");
        Assert.Equal(operating, Target(picture, "service-platforms"));
        var leaders = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM cv_enterprises WHERE tier = 'leader' AND NOT coalesce(tier_valid_until < current_date, false)");
        Assert.Equal(leaders, Target(picture, "leader-enterprises"));

        var openByStage = (await connection.QueryAsync<(string Stage, int Count)>(
            "SELECT stage, count(*)::int FROM cv_leads WHERE status NOT IN ('lost', 'won') GROUP BY stage")).ToDictionary(r => r.Stage, r => r.Count);
        foreach (var row in picture.GetProperty("funnel").EnumerateArray())
        {
            Assert.Equal(openByStage.GetValueOrDefault(row.GetProperty("stage").GetString()!), row.GetProperty("now").GetInt32());
        }
    }

    private static int Target(JsonElement picture, string id) =>
        (int)picture.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id).GetProperty("value").GetDecimal();
}
