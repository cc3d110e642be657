using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Hosting;

/// <summary>When PostgreSQL goes away the API answers 503 quickly, changes nothing, and recovers by itself.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task WhilePostgresIsDownTheApiAnswers503AndRecoversWhenItIsBack()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cv-outage-" + Guid.NewGuid().ToString("N")[..8]);
        var postgres = await EmbeddedPostgres.StartAsync(dataDirectory, Ports.FindFree(), null, _ => { });
        var admin = "cv_outage_" + Guid.NewGuid().ToString("N");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["CellValley__ConnectionString"] = postgres.ConnectionString,
                ["CellValley__DataDirectory"] = dataDirectory,
                ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
                ["CELLVALLEY_ADMIN_TOKEN"] = admin,
            };
            await using var silo = SiloProcess.Start(Ports.FindFree(), environment);
            await silo.WaitReadyAsync();
            using var client = silo.Client(admin);
            var code = Codes.NewCode();
            await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = "断线测试有限公司", segments = new[] { "检验检测" } }));

            await postgres.StopAsync();

            var clock = Stopwatch.StartNew();
            var list = await client.GetAsync("/api/enterprises");
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 9 }) };
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var change = await client.SendAsync(patch);
            var register = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = Codes.NewCode(), name = "新公司", segments = new[] { "抗体" } });
            clock.Stop();

            await HttpAssert.Problem(HttpStatusCode.ServiceUnavailable, list);
            await HttpAssert.Problem(HttpStatusCode.ServiceUnavailable, change);
            await HttpAssert.Problem(HttpStatusCode.ServiceUnavailable, register);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"three requests took {clock.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

            await using var restarted = await EmbeddedPostgres.StartAsync(dataDirectory, postgres.Port, null, _ => { });
            var again = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 9 }) };
            again.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var recovered = await client.SendAsync(again);
            var body = await HttpAssert.Status(HttpStatusCode.OK, recovered);
            Assert.Equal(2, body.GetProperty("version").GetInt32());
            await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/enterprises"));
            await silo.StopAsync();
        }
        finally
        {
            await postgres.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
