using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Grains;
using CellValley.Grains.Enterprises;
using CellValley.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CellValley.Tests.Api;

/// <summary>
/// The same firm entered twice (once under a mistyped code) is merged into the surviving record: its products,
/// funding and recognitions move there, its lease, relations and lead are repointed, both histories stay,
/// and the duplicate counts nowhere and takes no more changes.
/// </summary>
public sealed class EnterpriseMergeTests : IClassFixture<IsolatedApiFixture>
{
    private readonly IsolatedApiFixture _api;
    private readonly HttpClient _client;

    public EnterpriseMergeTests(IsolatedApiFixture api)
    {
        _api = api;
        _client = api.Client(api.AdminToken, language: null);
    }

    [Fact]
    public async Task AMergeMovesEveryPartToTheSurvivorAndKeepsBothHistories()
    {
        var survivor = await Enterprise("合一细胞科技有限公司");
        var duplicate = await Enterprise("合一细胞科技有限公司");
        var customer = await Enterprise("下游药业有限公司");
        var product = (await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/products",
            new { name = "HY-CAR-T", kind = "cell-therapy-car-t", registrationClass = "治疗用生物制品1类", stage = "clinical-approved", stageDate = "2025-02-01" })))
            .GetProperty("id").GetString();
        var round = (await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/funding",
            new { kind = "equity", date = "2024-08-01", amount = 30_000_000, currency = "CNY", roundType = "a", investors = new[] { new { name = "海河产业基金", type = "guidance-fund", lead = true } } })))
            .GetProperty("id").GetString();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/tiers", new { tier = "eaglet", recognizedOn = "2025-04-01", source = "市科技局", reason = "批次认定" }));
        var park = await ParkBuilder.CreateAsync(_client, ("U1", 500, "2024-01-01"));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, park, duplicate, "U1", 500, "2025-01-01", "2028-01-01"));
        var platform = "merge-" + Guid.NewGuid().ToString("N")[..8];
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/platforms", new { id = platform, name = "细胞制备平台", kind = "cro-cdmo", status = "operating", since = "2023-01-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/relations", new { type = "uses-platform", from = $"enterprise:{duplicate}", to = $"platform:{platform}", since = "2024-05-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/relations",
            new { type = "supplier", from = $"enterprise:{duplicate}", to = $"enterprise:{customer}", supplyKind = "CAR-T 细胞制备", since = "2024-06-01" }));
        var lead = (await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/leads",
            new { company = "合一细胞", creditCode = duplicate, segment = "细胞治疗", chainLink = "细胞治疗", source = "exhibition", confirmDuplicate = true })))
            .GetProperty("id").GetString();

        var merged = await Ok(HttpStatusCode.OK, Merge(duplicate, new { survivor, reason = "信用代码录错，重复登记" }));

        var moved = merged.GetProperty("moved");
        Assert.Equal((1, 1, 1, 1, 2, 1), (moved.GetProperty("products").GetInt32(), moved.GetProperty("funding").GetInt32(), moved.GetProperty("recognitions").GetInt32(),
            moved.GetProperty("leases").GetInt32(), moved.GetProperty("relations").GetInt32(), moved.GetProperty("leads").GetInt32()));
        var status = merged.GetProperty("duplicate").GetProperty("status");
        Assert.Equal(("merged", survivor), (status.GetProperty("status").GetString(), status.GetProperty("mergedInto").GetString()));
        Assert.Equal([duplicate], merged.GetProperty("survivor").GetProperty("status").GetProperty("mergedFrom").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("eaglet", merged.GetProperty("survivor").GetProperty("tier").GetString());

        // Products and funding now live under the survivor, the duplicate keeps none.
        Assert.Equal([product], (await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/products"))).EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Empty((await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{duplicate}/products"))).EnumerateArray());
        Assert.Equal([round], (await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/funding"))).GetProperty("entries").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        var investor = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/investors/{Uri.EscapeDataString("海河产业基金")}"));
        Assert.Contains(survivor, investor.ToString());
        Assert.DoesNotContain(duplicate, investor.ToString());
        var list = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/products?code={survivor}"));
        Assert.Equal([product], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("productId").GetString()));

        // The lease, the relations and the lead name the survivor.
        var leases = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/parks/{park}/leases"));
        Assert.Equal([survivor], leases.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("tenantCode").GetString()));
        var relations = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/relations"));
        Assert.Equal(["supplier", "uses-platform"], Edges(relations).Select(e => e.Type).Order());
        Assert.DoesNotContain(Edges(await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{customer}/relations"))), e => e.Ends.Contains(duplicate));
        var served = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/platforms/{platform}"));
        Assert.Equal([survivor], served.GetProperty("enterprisesServed").EnumerateArray().Select(e => e.GetProperty("creditCode").GetString()));
        Assert.Equal(survivor, (await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/leads/{lead}"))).GetProperty("creditCode").GetString());

        // Both histories stay: the duplicate's ends with the merge, the survivor's names it, the product's runs across it.
        var before = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{duplicate}/history"));
        Assert.Equal("EnterpriseMerged", before.EnumerateArray().Last().GetProperty("type").GetString());
        Assert.Contains("ProductAdded", before.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var after = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/history"));
        Assert.Contains("EnterpriseAbsorbed", after.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var productHistory = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/products/{product}/history"));
        Assert.Equal(["ProductAdded", "ProductMovedIn"], productHistory.EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        // Lists show the duplicate only when asked for merged records; it takes no more changes and no new lease.
        var active = await Ok(HttpStatusCode.OK, _client.GetAsync("/api/enterprises?pageSize=100"));
        Assert.DoesNotContain(duplicate, active.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("creditCode").GetString()));
        var mergedList = await Ok(HttpStatusCode.OK, _client.GetAsync("/api/enterprises?status=merged"));
        Assert.Equal([duplicate], mergedList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("creditCode").GetString()));
        var refused = await HttpAssert.Problem(HttpStatusCode.Conflict, await WithVersion(HttpMethod.Patch, $"/api/enterprises/{duplicate}", "", new { headcount = 40 }));
        Assert.Contains(survivor, refused.GetProperty("errors").GetProperty("creditCode")[0].GetString());
        await HttpAssert.Problem(HttpStatusCode.Conflict, await _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/products", new { name = "X", kind = "antibody", stage = "discovery", stageDate = "2025-01-01" }));
        await HttpAssert.Problem(HttpStatusCode.Conflict, await Merge(duplicate, new { survivor, reason = "再次合并" }));
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync($"/api/parks/{park}/units/U2", new { buildingId = "A", areaSqm = 100, availableSince = "2024-01-01" }));
        await HttpAssert.NamesField(await ParkBuilder.LeaseAsync(_client, park, duplicate, "U2", 100, "2026-01-01", "2027-01-01"), "tenantCode", "未登记");
    }

    [Fact]
    public async Task AMergeIsRefusedWithAReasonAndChangesNothing()
    {
        var survivor = await Enterprise("留存生物");
        var duplicate = await Enterprise("重复生物");

        await HttpAssert.NamesField(await Merge(duplicate, new { survivor = duplicate, reason = "x" }), "survivor", "自身");
        await HttpAssert.NamesField(await Merge(duplicate, new { survivor = Codes.NewCode(), reason = "x" }), "survivor", "未登记");
        await HttpAssert.NamesField(await Merge(duplicate, new { survivor = "91120116MA05KXYZ3X", reason = "x" }), "survivor");
        await HttpAssert.NamesField(await Merge(duplicate, new { survivor }), "reason");
        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/merge-into", new { survivor, reason = "x" }));
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/enterprises/{duplicate}/merge-into") { Content = JsonContent.Create(new { survivor, reason = "x" }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
            await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await _client.SendAsync(stale));
        }

        using var enterprise = _api.Client(await _api.MintAsync("enterprise", duplicate));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.PostAsJsonAsync($"/api/enterprises/{duplicate}/merge-into", new { survivor, reason = "x" }));

        var unchanged = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{duplicate}"));
        Assert.Equal("active", unchanged.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());

        // A record merged away cannot take in another.
        var third = await Enterprise("第三生物");
        await Ok(HttpStatusCode.OK, Merge(duplicate, new { survivor, reason = "重复登记" }));
        await HttpAssert.NamesField(await Merge(third, new { survivor = duplicate, reason = "x" }), "survivor", survivor);
    }

    [Fact]
    public async Task AMergeInterruptedAfterItWasRecordedIsFinishedWhenTheRecordWakesUp()
    {
        var survivor = await Enterprise("续合生物");
        var duplicate = await Enterprise("续合生物");
        var park = await ParkBuilder.CreateAsync(_client, ("U1", 300, "2024-01-01"));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, park, duplicate, "U1", 300, "2025-01-01", "2028-01-01"));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/funding",
            new { kind = "equity", date = "2024-08-01", amount = 8_000_000, currency = "CNY", roundType = "angel", investors = new[] { new { name = "某天使", type = "angel", lead = true } } }));

        // What a stop right after the merge was recorded leaves in storage: the intent, nothing moved yet.
        var storage = _api.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Registry);
        var grainId = GrainId.Create("enterprise", EnterpriseKey.For(duplicate));
        await _api.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = new GrainState<EnterpriseState>();
        await storage.ReadStateAsync(StateNames.Enterprise, grainId, stored);
        Assert.True(stored.State!.Registered);
        stored.State.Merge = new PendingMerge { Survivor = survivor, Reason = "重复登记", ActorName = "staff", ActorRole = "staff" };
        await storage.WriteStateAsync(StateNames.Enterprise, grainId, stored);

        // The next read wakes the record, which finishes the merge before it answers.
        var woken = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{duplicate}"));
        Assert.Equal(("merged", survivor), (woken.GetProperty("status").GetProperty("status").GetString(), woken.GetProperty("status").GetProperty("mergedInto").GetString()));
        Assert.Single((await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/funding"))).GetProperty("entries").EnumerateArray());
        var leases = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/parks/{park}/leases"));
        Assert.Equal([survivor], leases.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("tenantCode").GetString()));

        // The survivor took the parts in once: asking it again changes nothing.
        var again = await _api.Services.GetRequiredService<IGrainFactory>().GetGrain<IEnterpriseGrain>(EnterpriseKey.For(survivor))
            .AbsorbAsync(new MergedParts(duplicate, "重复登记", """{"products":[],"funding":[],"recognitions":[]}"""), new CellValley.Grains.Common.Actor("staff", "staff"));
        Assert.Single(again.Value!.Status!.MergedFrom!);
        Assert.Single((await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{survivor}/funding"))).GetProperty("entries").EnumerateArray());
    }

    private static IEnumerable<(string Type, string Ends)> Edges(JsonElement relations) =>
        relations.EnumerateArray().Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("from").ToString() + e.GetProperty("to").ToString()));

    private async Task<string> Enterprise(string name)
    {
        var code = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name, segments = new[] { "细胞治疗" }, foundedOn = "2019-01-01" }));
        return code;
    }

    private Task<HttpResponseMessage> Merge(string duplicate, object body) => WithVersion(HttpMethod.Post, $"/api/enterprises/{duplicate}", "/merge-into", body);

    private Task<HttpResponseMessage> WithVersion(HttpMethod method, string resource, string action, object body) =>
        IfMatch.SendAsync(_client, method, resource, action, body);

    private static async Task<JsonElement> Ok(HttpStatusCode status, Task<HttpResponseMessage> response) => await HttpAssert.Status(status, await response);
}
