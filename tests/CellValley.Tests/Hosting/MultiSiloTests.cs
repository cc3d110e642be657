using System.Net;
using System.Net.Http.Json;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Hosting;

/// <summary>Two service processes form one cluster through the ADO.NET membership table.</summary>
public sealed class MultiSiloTests
{
    [Fact]
    public async Task TwoSilosShareGrainsAndTheSurvivorTakesOverWhenOneIsKilled()
    {
        var database = await TestDatabase.GetAsync();
        var clusterId = "pair-" + Guid.NewGuid().ToString("N")[..8];
        var admin = "cv_pair_" + Guid.NewGuid().ToString("N");
        Dictionary<string, string?> Settings() => new()
        {
            ["CellValley__ConnectionString"] = database.ConnectionString,
            ["CellValley__ClusterId"] = clusterId,
            ["CellValley__ServiceId"] = "cellvalley-pair",
            ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
            ["CellValley__DataDirectory"] = Path.Combine(Path.GetTempPath(), "cv-pair"),
            ["CELLVALLEY_ADMIN_TOKEN"] = admin,
        };

        await using var first = SiloProcess.Start(Ports.FindFree(), Settings());
        await first.WaitReadyAsync();
        await using var second = SiloProcess.Start(Ports.FindFree(), Settings());
        await second.WaitReadyAsync();

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            var active = await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @clusterId AND status = 3", new { clusterId });
            Assert.Equal(2, active);
        }

        using var viaFirst = first.Client(admin);
        using var viaSecond = second.Client(admin);
        var codes = Enumerable.Range(0, 6).Select(_ => Codes.NewCode()).ToArray();
        foreach (var code in codes)
        {
            await HttpAssert.Status(HttpStatusCode.Created, await viaFirst.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = "双节点生物有限公司", segments = new[] { "核酸药物" } }));
            var seen = await HttpAssert.Status(HttpStatusCode.OK, await viaSecond.GetAsync($"/api/enterprises/{code}"));
            Assert.Equal(1, seen.GetProperty("version").GetInt32());
        }

        await first.KillAsync();

        // Grains that lived on the dead silo come back on the survivor from PostgreSQL.
        foreach (var code in codes)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 3 }) };
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var response = await SendWithRetryAsync(viaSecond, patch);
            var body = await HttpAssert.Status(HttpStatusCode.OK, response);
            Assert.Equal(2, body.GetProperty("version").GetInt32());
        }

        await second.StopAsync();
    }

    [Fact]
    public async Task ASessionBegunOnOneSiloHoldsOnTheOtherAndTheMetricsAreForAdmins()
    {
        var database = await TestDatabase.GetAsync();
        var clusterId = "keys-" + Guid.NewGuid().ToString("N")[..8];
        var admin = "cv_keys_" + Guid.NewGuid().ToString("N");
        // Each silo its own home (as each container has): a key ring kept on disk would differ between them.
        Dictionary<string, string?> Settings(string home) => new()
        {
            ["CellValley__ConnectionString"] = database.ConnectionString,
            ["CellValley__ClusterId"] = clusterId,
            ["CellValley__ServiceId"] = "cellvalley-keys",
            ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
            ["CellValley__DataDirectory"] = Path.Combine(Path.GetTempPath(), "cv-keys-" + home),
            ["HOME"] = Directory.CreateTempSubdirectory("cv-home-").FullName,
            ["CELLVALLEY_ADMIN_TOKEN"] = admin,
        };

        await using var first = SiloProcess.Start(Ports.FindFree(), Settings("a"));
        await first.WaitReadyAsync();
        await using var second = SiloProcess.Start(Ports.FindFree(), Settings("b"));
        await second.WaitReadyAsync();

        using var viaFirst = first.Client(admin);
        var username = "keys." + Guid.NewGuid().ToString("N")[..6];
        var created = await HttpAssert.Status(HttpStatusCode.Created, await viaFirst.PostAsJsonAsync("/api/admin/accounts",
            new { username, displayName = "招商 跨节点", role = "staff" }));
        var password = created.GetProperty("temporaryPassword").GetString();

        // Signed in through the first silo, the same cookie is honoured by the second (one key ring, in PostgreSQL).
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        await HttpAssert.Status(HttpStatusCode.OK, await browser.PostAsJsonAsync(new Uri(first.BaseAddress, "/api/session"), new { username, password }));
        var there = await HttpAssert.Status(HttpStatusCode.OK, await browser.GetAsync(new Uri(second.BaseAddress, "/api/session")));
        Assert.Equal("招商 跨节点", there.GetProperty("name").GetString());

        // Ready means this silo is active in the cluster (and PostgreSQL answers, the event log is current).
        var ready = await new HttpClient().GetAsync(new Uri(second.BaseAddress, "/health/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The metrics endpoint: admins only; the registry's own counters beside the runtime's.
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(first.BaseAddress, "/metrics"))).StatusCode);
        var staffToken = (await HttpAssert.Status(HttpStatusCode.Created, await viaFirst.PostAsJsonAsync("/api/admin/tokens", new { role = "staff", label = "metrics test" })))
            .GetProperty("token").GetString()!;
        using var staff = first.Client(staffToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/metrics")).StatusCode);
        // Writes: grain commands and events in the log, counted on whichever silo each grain lives (each silo has its own metrics).
        for (var i = 0; i < 6; i++)
        {
            await HttpAssert.Status(HttpStatusCode.Created, await viaFirst.PostAsJsonAsync("/api/enterprises",
                new { creditCode = Codes.NewCode(), name = "度量测试生物有限公司", segments = new[] { "细胞治疗" } }));
        }

        using var adminOnSecond = second.Client(admin);
        var metrics = await viaFirst.GetStringAsync("/metrics") + "\n" + await adminOnSecond.GetStringAsync("/metrics");
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory(), "metrics-sample.txt"), metrics);
        Assert.Contains("cellvalley_commands_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("cellvalley_event_log_lag_milliseconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    private static string ArtifactsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "artifacts", "telemetry");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Until the cluster notices the dead silo, a call routed to it can fail with 503.</summary>
    private static async Task<HttpResponseMessage> SendWithRetryAsync(HttpClient client, HttpRequestMessage request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            var response = await client.SendAsync(copy);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(500);
        }
    }
}
