using System.Net;
using System.Net.Http.Json;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Hosting;

public sealed class RelationRestartTests
{
    [Fact]
    public async Task ARelationIsVisibleFromBothEndsAndTheReadTablesAfterARestart()
    {
        var database = await TestDatabase.GetAsync();
        var admin = "cv_relations_" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["CellValley__ConnectionString"] = database.ConnectionString,
            ["CellValley__ClusterId"] = "relations-" + Guid.NewGuid().ToString("N")[..8],
            ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
            ["CellValley__DataDirectory"] = Path.Combine(Path.GetTempPath(), "cv-relations"),
            ["CELLVALLEY_ADMIN_TOKEN"] = admin,
        };
        var port = Ports.FindFree();
        var (a, b) = (Codes.NewCode(), Codes.NewCode());
        string id;
        await using (var first = SiloProcess.Start(port, environment))
        {
            await first.WaitReadyAsync();
            using var client = first.Client(admin);
            foreach (var code in new[] { a, b })
            {
                await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
                    new { creditCode = code, name = "重启关系公司", segments = new[] { "抗体" } }));
            }

            var created = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations",
                new { type = "cdmo", from = $"enterprise:{a}", to = $"enterprise:{b}" }));
            id = created.GetProperty("id").GetString()!;
            await first.KillAsync();
        }

        await using var second = SiloProcess.Start(port, environment);
        await second.WaitReadyAsync();
        using var after = second.Client(admin);
        foreach (var code in new[] { a, b })
        {
            var seen = await HttpAssert.Status(HttpStatusCode.OK, await after.GetAsync($"/api/enterprises/{code}/relations"));
            Assert.Equal(id, Assert.Single(seen.EnumerateArray()).GetProperty("relationId").GetString());
        }

        var relation = await HttpAssert.Status(HttpStatusCode.OK, await after.GetAsync($"/api/relations/{id}"));
        Assert.Equal("cdmo", relation.GetProperty("type").GetString());
        await second.StopAsync();
    }
}
