using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PlatformApiTests(ApiFixture api)
{
    [Fact]
    public async Task APlatformMovesForwardWithDatesAndCountsTheEnterprisesItServes()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client);
        var id = "cellbank-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/platforms", new
        {
            id, name = "干细胞及免疫细胞库", kind = "cell-bank", @operator = "天津市细胞技术创新中心", parkId = park,
            services = new[] { "细胞存储", "质量检测" }, status = "planned", since = "2024-03-01",
        }));

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "building", since = "2024-02-01" }), "since");
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "building", since = "2024-06-01" }));
        var operating = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "operating", since = "2025-01-15" }));
        Assert.Equal(3, operating.GetProperty("statusHistory").GetArrayLength());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/platforms/{id}/status", new { status = "building", since = "2025-02-01" }), "status", "forward");

        var user = await ParkBuilder.EnterpriseAsync(client, "用库企业");
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations", new { type = "uses-platform", from = $"enterprise:{user}", to = $"platform:{id}" }));
        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/platforms?kind=cell-bank&status=operating&park={park}"));
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal(1, row.GetProperty("enterprisesServed").GetInt32());
    }

    [Fact]
    public async Task BadPlatformsAre400()
    {
        using var client = api.Client(api.AdminToken);
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/platforms", new { name = "x", kind = "spaceport" }), "kind");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/platforms", new { name = "x", kind = "incubator", parkId = "no-such-park" }), "parkId");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/platforms", new { name = "x", kind = "incubator", status = "dreaming" }), "status");
        await HttpAssert.NamesField(await client.GetAsync("/api/platforms?status=dreaming"), "status");
    }
}
