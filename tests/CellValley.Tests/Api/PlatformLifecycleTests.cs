using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Platforms are suspended (停运) and closed (撤销), list the enterprises they serve, and have names in the graph.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlatformLifecycleTests(ApiFixture api)
{
    [Fact]
    public async Task APlatformIsSuspendedResumedAndClosedWithReasons()
    {
        using var client = api.Client(api.AdminToken, language: null);
        var id = "life-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/platforms",
            new { id, name = "GMP 中试平台", kind = "pilot-plant", status = "operating", since = "2023-01-01" }));

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "suspended", since = "2025-01-01" }), "reason", "必填");
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "suspended", since = "2025-01-01", reason = "设备改造停运" }));
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "building", since = "2025-02-01" }), "status");
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "operating", since = "2025-06-01" }));
        var closed = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "closed", since = "2026-01-01", reason = "运营方撤销" }));
        Assert.Equal(["operating", "suspended", "operating", "closed"], closed.GetProperty("statusHistory").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal("运营方撤销", closed.GetProperty("statusHistory")[3].GetProperty("reason").GetString());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "operating", since = "2026-02-01" }), "status");
    }

    [Fact]
    public async Task APlatformListsTheEnterprisesItServesAndIsNamedInTheGraph()
    {
        using var client = api.Client(api.AdminToken);
        var id = "serve-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/platforms",
            new { id, name = "细胞库公共平台", kind = "cell-bank", status = "operating", since = "2023-01-01" }));
        var user = await ParkBuilder.EnterpriseAsync(client, "用户生物");
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations",
            new { type = "uses-platform", from = $"enterprise:{user}", to = $"platform:{id}", since = "2024-05-01" }));

        var platform = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/platforms/{id}"));
        var served = Assert.Single(platform.GetProperty("enterprisesServed").EnumerateArray());
        Assert.Equal((user, "用户生物", "2024-05-01"), (served.GetProperty("creditCode").GetString(), served.GetProperty("name").GetString(), served.GetProperty("since").GetString()));

        var graph = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/graph?entity=platform:{id}"));
        var center = graph.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("depth").GetInt32() == 0);
        Assert.Equal("细胞库公共平台", center.GetProperty("name").GetString());
    }
}
