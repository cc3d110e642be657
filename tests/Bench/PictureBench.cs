using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace CellValley.Bench;

/// <summary>
/// Measures the cluster picture of a running service over loopback HTTP: today's picture, pictures
/// as of past dates, freshness after a write, and, as the baseline, the same numbers recomputed by
/// plain SQL GROUP BY queries per request.
/// </summary>
public static class PictureBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("token", out var token) || !options.TryGetValue("connection", out var connection))
        {
            Console.Error.WriteLine("usage: CellValley.Bench --url http://127.0.0.1:5000 --token <admin token> --connection <Npgsql connection string> [--requests 300] [--freshness 20]");
            return 2;
        }

        var requests = int.Parse(options.GetValueOrDefault("requests", "300"), CultureInfo.InvariantCulture);
        var freshnessRuns = int.Parse(options.GetValueOrDefault("freshness", "20"), CultureInfo.InvariantCulture);
        Console.WriteLine(Machine());
        Console.WriteLine(await SizeAsync(connection));
        var (current, concurrent, asOf, baseline, freshness) = await MeasureAsync(url, token, connection, requests, freshnessRuns);
        Console.WriteLine();
        Console.WriteLine("| figure                                       |     n |  p50 (ms) |  p95 (ms) |  p99 (ms) |");
        Console.WriteLine("|----------------------------------------------|-------|-----------|-----------|-----------|");
        foreach (var stats in new[] { current, concurrent, asOf, baseline, freshness })
        {
            Console.WriteLine(stats.Row());
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"today's picture p95 is {baseline.Percentile(95) / current.Percentile(95):F0}x faster than the SQL baseline p95; as-of p95 {asOf.Percentile(95):F0} ms; freshness p95 {freshness.Percentile(95):F0} ms."));
        return 0;
    }

    /// <summary>Row 3 against a running service: today's picture alone and with 8 clients, as of past dates, the SQL baseline, freshness.</summary>
    public static async Task<(Stats Current, Stats Concurrent, Stats AsOf, Stats Baseline, Stats Freshness)> MeasureAsync(
        string url, string token, string connection, int requests, int freshnessRuns)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var current = new Stats("picture, today (cached)");
        var concurrent = new Stats("picture, today, 8 concurrent clients");
        var asOf = new Stats("picture as of a past date");
        var baseline = new Stats("baseline: plain SQL GROUP BY per request");
        var freshness = new Stats("freshness: write 2xx → visible in picture");

        for (var i = 0; i < 20; i++)
        {
            await TimeAsync(http, "/api/picture", null);
        }

        for (var i = 0; i < requests; i++)
        {
            await TimeAsync(http, "/api/picture", current);
        }

        var perClient = Math.Max(1, requests / 8);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < perClient; i++)
            {
                await TimeAsync(http, "/api/picture", concurrent);
            }
        }));

        var random = new Random(7);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var asOfRequests = Math.Max(20, requests / 3);
        for (var i = 0; i < asOfRequests; i++)
        {
            var date = today.AddDays(-random.Next(30, 5 * 365));
            await TimeAsync(http, $"/api/picture?asOf={date:yyyy-MM-dd}", asOf);
        }

        await using (var db = NpgsqlDataSource.Create(connection))
        {
            for (var i = 0; i < asOfRequests; i++)
            {
                var clock = Stopwatch.StartNew();
                await BaselineAsync(db);
                baseline.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        for (var i = 0; i < freshnessRuns; i++)
        {
            freshness.Add(await FreshnessAsync(http, i));
        }

        return (current, concurrent, asOf, baseline, freshness);
    }

    private static async Task TimeAsync(HttpClient http, string path, Stats? stats)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        stats?.Add(clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Registers an enterprise and polls the picture until its total includes it.</summary>
    private static async Task<double> FreshnessAsync(HttpClient http, int run)
    {
        var before = await TotalAsync(http);
        var code = Code(9_000_000 + run + Random.Shared.Next(1_000_000));
        using var created = await http.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = $"新鲜度基准 {run}", segments = new[] { "抗体" }, foundedOn = "2020-01-01" });
        created.EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        while (await TotalAsync(http) <= before && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<int> TotalAsync(HttpClient http)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/picture"));
        return document.RootElement.GetProperty("enterprises").GetProperty("total").GetInt32();
    }

    /// <summary>What a user would build instead: the same numbers by plain GROUP BY over current-state tables, each request.</summary>
    private static async Task BaselineAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.QueryAsync("SELECT tier, count(*) FROM cv_enterprises GROUP BY tier");
        await connection.QueryAsync("SELECT s, count(*) FROM cv_enterprises, unnest(segments) s GROUP BY s");
        await connection.QueryAsync("SELECT kind, stage, class_one, innovative_device, count(*) FROM cv_products GROUP BY 1, 2, 3, 4");
        await connection.QueryAsync("SELECT extract(year FROM funded_on), source, currency, sum(amount), count(*) FROM cv_funding GROUP BY 1, 2, 3");
        await connection.QueryAsync(
            """
            SELECT p.park_id, sum(l.area_sqm) FILTER (WHERE l.starts_on <= current_date AND current_date < l.ends_on),
                   (SELECT sum(area_sqm) FROM cv_units u WHERE u.park_id = p.park_id)
              FROM cv_parks p LEFT JOIN cv_leases l USING (park_id) GROUP BY p.park_id
            """);
        await connection.QueryAsync("SELECT kind, status, count(*) FROM cv_platforms GROUP BY 1, 2");
        await connection.QueryAsync("SELECT stage, status, chain_link, count(*) FROM cv_leads GROUP BY 1, 2, 3");
    }

    public static async Task<string> SizeAsync(string connection)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        await using var c = await db.OpenConnectionAsync();
        var row = await c.QuerySingleAsync<(long E, long P, long R, long K, long F, long L, long U, long S)>(
            """
            SELECT (SELECT count(*) FROM cv_enterprises), (SELECT count(*) FROM cv_products), (SELECT count(*) FROM cv_relations),
                   (SELECT count(*) FROM cv_parks), (SELECT count(*) FROM cv_platforms), (SELECT count(*) FROM cv_leads),
                   (SELECT count(*) FROM cv_units), (SELECT count(*) FROM cv_leases)
            """);
        return $"cluster: {row.E} enterprises, {row.P} products, {row.R} relations, {row.K} parks, {row.F} platforms, {row.L} leads, {row.U} units, {row.S} leases";
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim() : "?";
        return $"machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory} memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>A valid credit code outside the generator's range.</summary>
    private static string Code(int index) => Grains.Common.CreditCode.Synthetic(2L * 31 * 31 * 31 * 31 * 31 * 31 * 31 * 31 + index);
}
