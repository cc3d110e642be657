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
