using System.Net;
using System.Net.Http.Json;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Hosting;

/// <summary>A 2xx means durable: the write survives SIGKILL right after the answer, and a clean restart.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task AnAcknowledgedWriteSurvivesSigkillAndARestart()
    {
        var database = await TestDatabase.GetAsync();
        var admin = "cv_durability_" + Guid.NewGuid().ToString("N");
        var httpPort = Ports.FindFree();
        var environment = new Dictionary<string, string?>
        {
            ["CellValley__ConnectionString"] = database.ConnectionString,
            ["CellValley__ClusterId"] = "durability-" + Guid.NewGuid().ToString("N")[..8],
            ["CellValley__ServiceId"] = "cellvalley-durability",
            ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
            ["CellValley__DataDirectory"] = Path.Combine(Path.GetTempPath(), "cv-durability-" + Guid.NewGuid().ToString("N")),
            ["CELLVALLEY_ADMIN_TOKEN"] = admin,
        };
        var code = Codes.NewCode();

        await using (var first = SiloProcess.Start(httpPort, environment))
        {
            await first.WaitReadyAsync();
            using var client = first.Client(admin);
            var created = await client.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = "持久生物科技有限公司", segments = new[] { "抗体" }, headcount = 12 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await first.KillAsync();
        }

        await using (var second = SiloProcess.Start(httpPort, environment))
        {
            await second.WaitReadyAsync();
            using var client = second.Client(admin);
            var read = await client.GetAsync($"/api/enterprises/{code}");
            var body = await HttpAssert.Status(HttpStatusCode.OK, read);
            Assert.Equal(12, body.GetProperty("headcount").GetInt32());

            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 13 }) };
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(patch));
            await second.KillAsync();
        }

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var events = await connection.QueryAsync<string>(
            "SELECT event_type FROM cv_events WHERE entity_type = 'enterprise' AND entity_id = @code ORDER BY seq", new { code });
        Assert.Equal(["EnterpriseRegistered", "ProfileUpdated"], events.ToArray());
        var row = await connection.QuerySingleAsync<(int Headcount, int Version)>(
            "SELECT headcount, version FROM cv_enterprises WHERE credit_code = @code", new { code });
        Assert.Equal((13, 2), row);

        await using (var third = SiloProcess.Start(httpPort, environment))
        {
            await third.WaitReadyAsync();
            using var client = third.Client(admin);
            var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
            Assert.Equal(13, body.GetProperty("headcount").GetInt32());
            Assert.Equal(2, body.GetProperty("version").GetInt32());
            await third.StopAsync();
            Assert.Equal(0, third.ExitCode);
        }
    }
}
