using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CellValley.Grains.Common;

namespace CellValley.Bench;

/// <summary>
/// Rows 1 and 2 of the benchmark table: profile updates (durable, with event and read row) and
/// profile reads of active enterprises, at 32 concurrent clients over loopback, each against its
/// baseline measured in the same run; every figure is the median of the runs.
/// </summary>
public static class CrudBench
{
    private const int Clients = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("token", out var token) || !options.TryGetValue("connection", out var connection))
        {
            Console.Error.WriteLine("usage: CellValley.Bench crud --url … --token … --connection … [--enterprises 100000] [--sample 2000] [--seconds 10] [--runs 3]");
            return 2;
        }

        var enterprises = int.Parse(options.GetValueOrDefault("enterprises", "100000"), CultureInfo.InvariantCulture);
        var sample = int.Parse(options.GetValueOrDefault("sample", "2000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
        var runs = int.Parse(options.GetValueOrDefault("runs", "3"), CultureInfo.InvariantCulture);
        var m = await MeasureAsync(url, token, connection, enterprises, sample, seconds, runs);
        var rows = new List<string>
        {
            Row("profile update (PATCH, durable), vs Dapper endpoint", m.Update, m.UpdateBaseline),
            Row("profile read (GET, active grain), vs Dapper read", m.Read, m.ReadBaseline),
            Row("profile read (GET, active grain), vs constant (ceiling)", m.Read, m.Ceiling),
        };
        var codes = m.Sampled;
        Console.WriteLine($"{codes} enterprises sampled of {enterprises}; {Clients} clients; {seconds} s per run; median of {runs} runs");
        Console.WriteLine("| figure | this: req/s | p50 ms | p99 ms | baseline: req/s | p50 ms | p99 ms | throughput ratio | p99 ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>Rows 1 and 2 against a running service: each figure the median of the runs.</summary>
    public static async Task<CrudFigures> MeasureAsync(string url, string token, string connection, int enterprises, int sample, int seconds, int runs)
    {
        var random = new Random(11);
        var codes = Enumerable.Range(0, Math.Min(enterprises, sample)).Select(_ => CreditCode.Synthetic(random.Next(enterprises))).Distinct().ToArray();

        using var service = new HttpClient { BaseAddress = new Uri(url) };
        service.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var profile = await service.GetStringAsync($"/api/enterprises/{codes[0]}");
        await using var baseline = await BaselineServer.StartAsync(connection, codes, profile);
        using var plain = new HttpClient { BaseAddress = baseline.Address };

        // Activate the sampled grains: row 2 measures reads of active enterprises.
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (code, _) =>
            (await service.GetAsync($"/api/enterprises/{code}")).EnsureSuccessStatusCode());

        var update = await MedianAsync(runs, () => LoadAsync(seconds, codes, (code, n) => Patch(service, $"/api/enterprises/{code}", n, true)));
        var updateBase = await MedianAsync(runs, () => LoadAsync(seconds, codes, (code, n) => Patch(plain, $"/baseline/enterprises/{code}", n, false)));
        var read = await MedianAsync(runs, () => LoadAsync(seconds, codes, (code, _) => service.GetAsync($"/api/enterprises/{code}")));
        var readBase = await MedianAsync(runs, () => LoadAsync(seconds, codes, (code, _) => plain.GetAsync($"/baseline/enterprises/{code}")));
        var ceiling = await MedianAsync(runs, () => LoadAsync(seconds, codes, (_, _) => plain.GetAsync("/baseline/constant")));
        return new CrudFigures(codes.Length, update, updateBase, read, readBase, ceiling);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, int n, bool ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { headcount = 10 + (n % 5000) }) };
        if (ifMatch)
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        return client.SendAsync(request);
    }

    /// <summary>Throughput (req/s) and latency percentiles (ms) of one load run.</summary>
    public sealed record Result(double Throughput, double P50, double P99);

    public sealed record CrudFigures(int Sampled, Result Update, Result UpdateBaseline, Result Read, Result ReadBaseline, Result Ceiling);

    private static async Task<Result> LoadAsync(int seconds, string[] codes, Func<string, int, Task<HttpResponseMessage>> call)
    {
        var latencies = new List<double>[Clients];
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            var random = new Random(c);
            for (var n = 0; deadline.Elapsed.TotalSeconds < seconds && n < 1_000_000; n++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await call(codes[random.Next(codes.Length)], n);
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                mine.Add(clock.Elapsed.TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / deadline.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static async Task<Result> MedianAsync(int runs, Func<Task<Result>> run)
    {
        var results = new List<Result>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await run());
        }

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        return new Result(Median(results.Select(r => r.Throughput)), Median(results.Select(r => r.P50)), Median(results.Select(r => r.P99)));
    }

    private static string Row(string figure, Result mine, Result theirs) => string.Create(CultureInfo.InvariantCulture,
        $"| {figure} | {mine.Throughput:F0} | {mine.P50:F1} | {mine.P99:F1} | {theirs.Throughput:F0} | {theirs.P50:F1} | {theirs.P99:F1} | {mine.Throughput / theirs.Throughput:F2}× | {mine.P99 / theirs.P99:F2}× |");
}
