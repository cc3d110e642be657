using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace CellValley.Bench;

/// <summary>
/// The whole benchmark in one command: for each cluster size, a fresh registry on its own embedded
/// PostgreSQL is filled by the generator, the service is started, and HTTP load is driven from this
/// process over loopback; every figure stands beside its baseline, measured in the same run. Ends
/// with one table.
/// </summary>
public static class Suite
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
        var sizes = options.GetValueOrDefault("sizes", "1000,10000,100000").Split(',').Select(s => int.Parse(s, Invariant)).ToArray();
        var runs = int.Parse(options.GetValueOrDefault("runs", "3"), Invariant);
        var seconds = int.Parse(options.GetValueOrDefault("seconds", "8"), Invariant);
        var bulkSize = int.Parse(options.GetValueOrDefault("bulk", "10000"), Invariant);
        var repository = FindRepository();
        var work = Path.GetFullPath(options.GetValueOrDefault("work", Path.Combine(repository, ".bench")));
        Directory.CreateDirectory(work);

        Console.WriteLine(PictureBench.Machine());
        Console.WriteLine($"sizes: {string.Join(", ", sizes)}; {runs} runs per figure, median reported; {seconds} s per load run; data in {work}");
        await RunToEndAsync("dotnet", ["build", Path.Combine(repository, "src", "Silo"), "-c", "Release", "-nologo", "-v", "q"], null, TimeSpan.FromMinutes(10));
        var silo = Path.Combine(repository, "src", "Silo", "bin", "Release", "net10.0", "CellValley.Silo.dll");

        var table = new List<string>();
        var growth = new List<string>();

        // The import row: a workbook of enterprises with tiers, products and funding, checked and imported through the API.
        var importSize = int.Parse(options.GetValueOrDefault("import", "10000"), Invariant);
        if (importSize > 0)
        {
            var imports = new List<(ImportBench.Figures Figures, double Copy)>();
            for (var run = 1; run <= runs; run++)
            {
                var registry = new Registry(silo, Path.Combine(work, $"import-{run}"));
                registry.Delete();
                await using (var service = await registry.StartAsync(idleMinutes: 15))
                {
                    var figures = await ImportBench.MeasureAsync(service.Url, service.Token, service.Connection, importSize, 900_000_000L + run * 1_000_000L);
                    var check = await EndStateAsync(service.Connection, importSize);
                    var copy = await CopyBaselineAsync(service.Connection, importSize);
                    Console.WriteLine(string.Create(Invariant,
                        $"import run {run}: dry run {figures.DryRunRate:F0} ent/s, commit {figures.CommitRate:F0} ent/s ({figures.Created} rows created, {figures.Refused} refused; {figures.TransactionsPerEnterprise:F2} transactions and {figures.RowsWrittenPerEnterprise:F1} rows written per enterprise); COPY {copy:F0}/s; {check}"));
                    imports.Add((figures, copy));
                }

                registry.Delete();
            }

            var commitRate = Median(imports.Select(i => i.Figures.CommitRate));
            var importCopy = Median(imports.Select(i => i.Copy));
            table.Add(Line($"import, {importSize:N0}-enterprise workbook with tiers, products, funding: commit", $"{commitRate:F0} ent/s",
                $"dry run {Median(imports.Select(i => i.Figures.DryRunRate)):F0} ent/s", $"COPY of the same rows: {importCopy:F0} ent/s", commitRate / importCopy, "≥ 2,000 ent/s",
                commitRate >= 2000));
            if (options.ContainsKey("only-import"))
            {
                table.ForEach(Console.WriteLine);
                return 0;
            }
        }

        // Row 4: bulk load, repeated into fresh registries, against COPY of the same rows.
        var bulk = new List<(double Grains, double Copy)>();
        for (var run = 1; run <= runs; run++)
        {
            var registry = new Registry(silo, Path.Combine(work, $"bulk-{run}"));
            var rate = await registry.GenerateAsync(["--enterprises", $"{bulkSize}", "--relations-per-enterprise", "0", "--leads", "0", "--platforms", "0", "--parks", "1"]);
            await using (var service = await registry.StartAsync(idleMinutes: 15))
            {
                var check = await EndStateAsync(service.Connection, bulkSize);
                var copy = await CopyBaselineAsync(service.Connection, bulkSize);
                Console.WriteLine($"bulk run {run}: {rate:F0} enterprises/s through the grains; COPY {copy:F0}/s; {check}");
                bulk.Add((rate, copy));
            }

            registry.Delete();
        }

        var bulkRate = Median(bulk.Select(b => b.Grains));
        var copyRate = Median(bulk.Select(b => b.Copy));
        table.Add(Line($"bulk load, {bulkSize:N0} enterprises with products, tiers, funding", $"{bulkRate:F0} ent/s", "", $"COPY into plain tables: {copyRate:F0} ent/s",
            bulkRate / copyRate, "≥ 2,000 ent/s", bulkRate >= 2000));

        foreach (var size in sizes)
        {
            var registry = new Registry(silo, Path.Combine(work, $"n{size}"));
            Console.WriteLine($"— {size:N0} enterprises: generating …");
            var rate = await registry.GenerateAsync(["--enterprises", $"{size}", "--platforms", $"{Math.Max(10, size / 500)}", "--leads", $"{Math.Max(50, size / 20)}", "--parks", "20"]);
            await using (var service = await registry.StartAsync(idleMinutes: size == sizes.Max() ? 5 : 15))
            {
                Console.WriteLine(await PictureBench.SizeAsync(service.Connection));
                Console.WriteLine($"  {await EndStateAsync(service.Connection, null)}");

                Console.WriteLine("  rows 1-2: profile update and read …");
                var crud = await CrudBench.MeasureAsync(service.Url, service.Token, service.Connection, size, 2000, seconds, runs);
                Console.WriteLine("  row 3: picture …");
                var (current, _, asOf, sql, freshness) = await PictureBench.MeasureAsync(service.Url, service.Token, service.Connection, size >= 100_000 ? 200 : 300, 15);

                var label = $"{size:N0}";
                growth.Add(string.Create(Invariant,
                    $"| {label} | {rate:F0} | {crud.Update.Throughput:F0} ({crud.Update.Throughput / crud.UpdateBaseline.Throughput:F2}×) | {crud.Update.P99:F1} ({crud.Update.P99 / crud.UpdateBaseline.P99:F2}×) | {crud.Read.Throughput:F0} ({crud.Read.Throughput / crud.ReadBaseline.Throughput:F2}×) | {current.Percentile(95):F1} | {asOf.Percentile(95):F0} | {sql.Percentile(95):F0} | {freshness.Percentile(95):F0} |"));

                if (size == sizes.Max())
                {
                    var update = crud.Update;
                    var updateBase = crud.UpdateBaseline;
                    table.Add(Line($"profile update, 32 clients ({label})", $"{update.Throughput:F0} req/s", $"p50 {update.P50:F1} / p99 {update.P99:F1} ms",
                        $"Dapper endpoint: {updateBase.Throughput:F0} req/s, p50 {updateBase.P50:F1} / p99 {updateBase.P99:F1} ms",
                        update.Throughput / updateBase.Throughput, $"≥ 0.8× throughput, p99 ≤ 1.5× (p99 {update.P99 / updateBase.P99:F2}×)",
                        update.Throughput >= 0.8 * updateBase.Throughput && update.P99 <= 1.5 * updateBase.P99));
                    var read = crud.Read;
                    table.Add(Line($"profile read, active grain, 32 clients ({label})", $"{read.Throughput:F0} req/s", $"p50 {read.P50:F1} / p99 {read.P99:F1} ms",
                        $"Dapper read: {crud.ReadBaseline.Throughput:F0} req/s, p99 {crud.ReadBaseline.P99:F1} ms", read.Throughput / crud.ReadBaseline.Throughput, "≥ 2× the peer",
                        read.Throughput >= 2 * crud.ReadBaseline.Throughput));
                    table.Add(Line($"profile read vs the HTTP ceiling ({label})", $"{read.Throughput:F0} req/s", "",
                        $"the same profile, constant in memory: {crud.Ceiling.Throughput:F0} req/s", read.Throughput / crud.Ceiling.Throughput, "≥ 0.6× the ceiling",
                        read.Throughput >= 0.6 * crud.Ceiling.Throughput));
                    table.Add(Line($"picture today ({label})", $"p95 {current.Percentile(95):F1} ms", $"p50 {current.Percentile(50):F1} ms",
                        $"SQL GROUP BY per request: p95 {sql.Percentile(95):F0} ms", sql.Percentile(95) / current.Percentile(95), "≥ 10× faster, p95 < 50 ms",
                        sql.Percentile(95) >= 10 * current.Percentile(95) && current.Percentile(95) < 50, inverse: true));
                    table.Add(Line($"picture as of a past date ({label})", $"p95 {asOf.Percentile(95):F0} ms", $"p50 {asOf.Percentile(50):F0} ms",
                        "none faster: a past date is computed by SQL over the dated history per request", double.NaN, "p95 < 250 ms",
                        asOf.Percentile(95) < 250));
                    table.Add(Line($"freshness, write 2xx → in picture ({label})", $"p95 {freshness.Percentile(95):F0} ms", $"p50 {freshness.Percentile(50):F0} ms",
                        "", double.NaN, "p95 < 500 ms", freshness.Percentile(95) < 500));
            }

            if (size == sizes.Max())
            {
                Console.WriteLine("  row 5: memory …");
                table.AddRange(await MemoryAsync(service, size, deactivation: true));
            }

            }

            registry.Delete();
        }

        Console.WriteLine();
        Console.WriteLine("| figure | this project | latency | baseline, same run | ratio | target | met |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        table.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Cost growth (ratios against the baseline measured at the same size):");
        Console.WriteLine("| enterprises | bulk load ent/s | update req/s (vs Dapper) | update p99 ms (vs Dapper) | read req/s (vs Dapper) | picture today p95 ms | as-of p95 ms | SQL baseline p95 ms | freshness p95 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        growth.ForEach(Console.WriteLine);
        return 0;
    }

    private static string Line(string figure, string mine, string latency, string baseline, double ratio, string target, bool met, bool inverse = false) =>
        string.Create(Invariant,
            $"| {figure} | {mine} | {latency} | {baseline} | {(double.IsNaN(ratio) ? "" : $"{ratio:F2}×{(inverse ? " faster" : "")}")} | {target} | {(met ? "yes" : "**no**")} |");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>
    /// Row 5: process memory per active enterprise grain (each a generated enterprise with its
    /// products, tiers and funding), at 10k and at the full size, then after idle deactivation.
    /// </summary>
    private static async Task<IEnumerable<string>> MemoryAsync(Service service, int size, bool deactivation)
    {
        var rows = new List<string>();
        var before = await service.CompactAsync();
        var activated = 0;
        foreach (var target in new[] { 10_000, size }.Distinct().Where(t => t <= size))
        {
            await Parallel.ForEachAsync(Enumerable.Range(activated, target - activated), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
                (await service.Http.GetAsync($"/api/enterprises/{Grains.Common.CreditCode.Synthetic(i)}")).EnsureSuccessStatusCode());
            activated = target;
            var after = await service.CompactAsync();
            var grains = after.Enterprises - before.Enterprises;
            var perGrain = (after.Rss - before.Rss) / (double)Math.Max(1, grains);
            var heapPerGrain = (after.Heap - before.Heap) / (double)Math.Max(1, grains);
            Console.WriteLine($"    {after.Enterprises} enterprise grains active: RSS {after.Rss / 1048576.0:F0} MiB (+{perGrain / 1024:F1} KiB each), managed heap +{heapPerGrain / 1024:F1} KiB each");
            // Per grain activated by this step: the figure's label says both that count and the total the process then holds.
            rows.Add(Line($"memory per active enterprise grain, {grains:N0} activated ({after.Enterprises:N0} active in all)", $"{perGrain / 1024:F1} KiB RSS", $"managed heap {heapPerGrain / 1024:F1} KiB",
                $"process before activation: {before.Rss / 1048576.0:F0} MiB", double.NaN, "< 8 KiB", perGrain < 8 * 1024));
        }

        if (deactivation)
        {
            var peak = await service.ReadAsync();
            var clock = Stopwatch.StartNew();
            var now = peak;
            while (clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(TimeSpan.FromSeconds(15));
                now = await service.ReadAsync();
                if (now.Enterprises <= before.Enterprises + activated / 100)
                {
                    break;
                }
            }

            var after = await service.CompactAsync();
            Console.WriteLine($"    after {clock.Elapsed.TotalSeconds:F0} s idle: {after.Enterprises} enterprise grains active, RSS {after.Rss / 1048576.0:F0} MiB");
            var returned = (peak.Rss - after.Rss) / (double)Math.Max(1, peak.Rss - before.Rss);
            rows.Add(Line("memory after idle deactivation", $"{after.Rss / 1048576.0:F0} MiB RSS, {after.Enterprises:N0} grains", $"{clock.Elapsed.TotalSeconds:F0} s idle",
                $"at peak: {peak.Rss / 1048576.0:F0} MiB; before activation: {before.Rss / 1048576.0:F0} MiB", double.NaN,
                $"memory returns ({returned:P0} of the growth returned)", returned >= 0.5));
        }

        return rows;
    }

    /// <summary>Counts that must agree after a load: grain state rows, read rows, events.</summary>
    private static async Task<string> EndStateAsync(string connection, int? expected)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        var row = await c.QuerySingleAsync<(long States, long Rows, long Events, long Versions)>(
            """
            SELECT (SELECT count(*) FROM orleansstorage WHERE graintypestring = 'cv.enterprise'),
                   (SELECT count(*) FROM cv_enterprises),
                   (SELECT count(*) FROM cv_events WHERE entity_type = 'enterprise'),
                   (SELECT coalesce(sum(version), 0) FROM cv_enterprises)
            """);
        var ok = row.States == row.Rows && row.Events == row.Versions && (expected is null || row.Rows == expected);
        var text = $"end state {(ok ? "consistent" : "INCONSISTENT")}: {row.States} enterprise grain states, {row.Rows} read rows, {row.Events} events = sum of versions {row.Versions}";
        if (!ok)
        {
            throw new InvalidOperationException(text);
        }

        return text;
    }

    /// <summary>
    /// The physical ceiling: the same rows (enterprises, products, stage history, funding, tiers,
    /// events) COPYed in binary into plain tables of the same columns. Returns enterprises per second.
    /// </summary>
    private static async Task<double> CopyBaselineAsync(string connection, int enterprises)
    {
        string[] tables = ["cv_enterprises", "cv_products", "cv_product_stages", "cv_funding", "cv_tier_recognitions", "cv_events"];
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        var exported = new Dictionary<string, byte[]>();
        foreach (var table in tables)
        {
            await c.ExecuteAsync($"DROP TABLE IF EXISTS bench_{table}; CREATE TABLE bench_{table} (LIKE {table})");
            await using var source = await c.BeginRawBinaryCopyAsync($"COPY {table} TO STDOUT (FORMAT BINARY)");
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer);
            exported[table] = buffer.ToArray();
        }

        var clock = Stopwatch.StartNew();
        await using (var transaction = await c.BeginTransactionAsync())
        {
            foreach (var table in tables)
            {
                await using var target = await c.BeginRawBinaryCopyAsync($"COPY bench_{table} FROM STDIN (FORMAT BINARY)");
                await target.WriteAsync(exported[table]);
            }

            await transaction.CommitAsync();
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var table in tables)
        {
            await c.ExecuteAsync($"DROP TABLE bench_{table}");
        }

        return enterprises / elapsed;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Silo")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunToEndAsync(string file, string[] args, IDictionary<string, string>? environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await errors}");
        }

        return await output;
    }

    /// <summary>A registry's data folder with its own embedded PostgreSQL on its own port.</summary>
    private sealed class Registry(string silo, string directory)
    {
        private readonly int _postgresPort = FreePort();

        public Dictionary<string, string> Environment(int siloPort) => new()
        {
            ["CellValley__DataDirectory"] = directory,
            ["CellValley__Postgres__Port"] = _postgresPort.ToString(Invariant),
            ["CellValley__SiloPort"] = siloPort.ToString(Invariant),
            // One token drives the load: the per-token request limit would measure itself.
            ["CellValley__Limits__RequestsPerSecondPerToken"] = "0",
            ["CellValley__ClusterId"] = "bench-" + Path.GetFileName(directory),
        };

        /// <summary>Fills a fresh registry; returns the generator's enterprise rate.</summary>
        public async Task<double> GenerateAsync(string[] options)
        {
            Delete();
            var output = await RunToEndAsync("dotnet", [silo, "generate", .. options], Environment(FreePort()), TimeSpan.FromMinutes(60));
            var line = output.Split('\n').Single(l => l.StartsWith("Enterprise rate:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ')[2], Invariant);
        }

        public async Task<Service> StartAsync(double idleMinutes)
        {
            var environment = Environment(FreePort());
            var created = await RunToEndAsync("dotnet", [silo, "token", "create", "--role", "admin", "--label", "benchmark"], environment, TimeSpan.FromMinutes(2));
            var lines = created.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var token = lines[Array.FindIndex(lines, l => l.StartsWith("Token ", StringComparison.Ordinal)) + 1];
            var url = $"http://127.0.0.1:{FreePort()}";
            environment["ASPNETCORE_URLS"] = url;
            environment["CellValley__IdleMinutes"] = idleMinutes.ToString(Invariant);
            environment["Logging__LogLevel__Default"] = "Warning";
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(silo);
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line && (line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("cellvalley:", StringComparison.Ordinal)))
                {
                    Console.Error.WriteLine("  service: " + line);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the service exited ({process.ExitCode}) while starting");
                }

                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new InvalidOperationException("the service did not become ready in 3 minutes");
                }

                await Task.Delay(500);
            }

            var password = await File.ReadAllTextAsync(Path.Combine(directory, "pg.password"));
            var connection = $"Host=127.0.0.1;Port={_postgresPort};Username=cellvalley;Password={password.Trim()};Database=cellvalley;Maximum Pool Size=40";
            return new Service(process, http, url, token, connection, directory);
        }

        public void Delete()
        {
            StopPostgres(directory);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Stops an embedded PostgreSQL left running in a data folder (the generator leaves its own running only if it found it so).</summary>
    private static void StopPostgres(string directory)
    {
        var pid = Path.Combine(directory, "pg", "postmaster.pid");
        if (File.Exists(pid) && int.TryParse(File.ReadLines(pid).First(), out var id))
        {
            try
            {
                using var postmaster = Process.GetProcessById(id);
                Process.Start("kill", ["-TERM", id.ToString(Invariant)])!.WaitForExit();
                postmaster.WaitForExit(30_000);
            }
            catch (ArgumentException)
            {
                // Not running.
            }
        }
    }

    /// <summary>A running service, stopped (with its PostgreSQL) on dispose.</summary>
    private sealed class Service(Process process, HttpClient http, string url, string token, string connection, string directory) : IAsyncDisposable
    {
        public HttpClient Http { get; } = http;

        public string Url { get; } = url;

        public string Token { get; } = token;

        public string Connection { get; } = connection;

        public record struct Figures(long Rss, long Heap, int Enterprises);

        public async Task<Figures> ReadAsync() => Parse(await Http.GetStringAsync("/api/admin/runtime"));

        public async Task<Figures> CompactAsync()
        {
            using var response = await Http.PostAsync("/api/admin/runtime/compact", null);
            response.EnsureSuccessStatusCode();
            return Parse(await response.Content.ReadAsStringAsync());
        }

        private static Figures Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var enterprises = root.GetProperty("activeByKind").TryGetProperty("EnterpriseGrain", out var count) ? count.GetInt32() : 0;
            return new Figures(root.GetProperty("processRssBytes").GetInt64(), root.GetProperty("managedHeapBytes").GetInt64(), enterprises);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(Invariant)])!.WaitForExit();
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            }

            process.Dispose();
            Http.Dispose();
            StopPostgres(directory);
        }
    }
}
