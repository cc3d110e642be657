using System.Net;
using System.Net.Http.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RelationApiTests(ApiFixture api)
{
    private async Task<string> EnterpriseAsync(HttpClient client, string name)
    {
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name, segments = new[] { "原材料与试剂耗材" } }));
        return code;
    }

    private async Task<string> InstitutionAsync(HttpClient client, string name, string kind = "university")
    {
        var body = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/institutions", new { name, kind, city = "天津" }));
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task ARelationIsSeenFromBothEndsAndRecordingItTwiceIsIdempotent()
    {
        using var client = api.Client(api.AdminToken);
        var supplier = await EnterpriseAsync(client, "载体供应有限公司");
        var customer = await EnterpriseAsync(client, "细胞药业有限公司");
        var body = new { type = "supplier", from = $"enterprise:{supplier}", to = $"enterprise:{customer}", supplyKind = "慢病毒载体", since = "2024-05-01" };

        var first = await client.PostAsJsonAsync("/api/relations", body);
        var created = await HttpAssert.Status(HttpStatusCode.Created, first);
        var again = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync("/api/relations", body));

        Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, again.GetProperty("version").GetInt32());
        foreach (var end in new[] { supplier, customer })
        {
            var seen = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{end}/relations"));
            Assert.Single(seen.EnumerateArray());
        }
    }

    [Fact]
    public async Task EndingARelationKeepsItWithItsUntilDate()
    {
        using var client = api.Client(api.AdminToken);
        var a = await EnterpriseAsync(client, "甲公司");
        var b = await EnterpriseAsync(client, "乙公司");
        var created = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations",
            new { type = "partnership", from = $"enterprise:{b}", to = $"enterprise:{a}", since = "2023-01-01" }));
        var id = created.GetProperty("id").GetString();

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/relations/{id}/end", new { until = "2022-12-31" }), "until");
        var ended = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/relations/{id}/end", new { until = "2025-06-30", reason = "合作到期" }));

        Assert.Equal("2025-06-30", ended.GetProperty("until").GetString());
        Assert.Empty((await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{a}/relations"))).EnumerateArray());
        var withEnded = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{a}/relations?includeEnded=true"));
        Assert.Equal("2025-06-30", Assert.Single(withEnded.EnumerateArray()).GetProperty("until").GetString());
    }

    [Fact]
    public async Task BadRelationsAre400NamingTheField()
    {
        using var client = api.Client(api.AdminToken);
        var a = await EnterpriseAsync(client, "丙公司");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/relations", new { type = "friendship", from = $"enterprise:{a}", to = $"enterprise:{a}" }), "type");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/relations", new { type = "licence", from = $"enterprise:{a}", to = $"enterprise:{a}" }), "to", "differ");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/relations", new { type = "licence", from = $"enterprise:{a}", to = $"enterprise:{Codes.NewCode()}" }), "to", "not registered");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/relations", new { type = "licence", from = $"enterprise:{a}", to = "planet:mars" }), "to", "kind");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{a}", to = $"enterprise:{await EnterpriseAsync(client, "丁公司")}" }), "supplyKind");
    }

    [Fact]
    public async Task AnEnterpriseRecordsOnlyItsOwnDisclosedRelations()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await EnterpriseAsync(admin, "自报公司");
        var x = await EnterpriseAsync(admin, "戊公司");
        var y = await EnterpriseAsync(admin, "己公司");
        using var client = api.Client(await api.MintAsync(ApiRoles.Enterprise, own));

        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations", new { type = "licence", from = $"enterprise:{x}", to = $"enterprise:{own}" }));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.PostAsJsonAsync("/api/relations", new { type = "licence", from = $"enterprise:{x}", to = $"enterprise:{y}" }));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.PostAsJsonAsync("/api/relations", new { type = "partnership", from = $"enterprise:{own}", to = $"enterprise:{y}", disclosure = "inferred" }));
    }

    [Fact]
    public async Task TheGraphReachesDepthTwoWithTypeFilters()
    {
        using var client = api.Client(api.AdminToken);
        var center = await EnterpriseAsync(client, "中心公司");
        var supplier = await EnterpriseAsync(client, "一级供应商");
        var supplierOfSupplier = await EnterpriseAsync(client, "二级供应商");
        var university = await InstitutionAsync(client, "某大学生命科学学院");
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{supplier}", to = $"enterprise:{center}", supplyKind = "培养基" }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{supplierOfSupplier}", to = $"enterprise:{supplier}", supplyKind = "氨基酸" }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations", new { type = "collaboration", from = $"enterprise:{center}", to = $"institution:{university}" }));

        var graph = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/graph?entity=enterprise:{center}&depth=2"));
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("ref").GetString()!, n => n.GetProperty("depth").GetInt32());
        Assert.Equal(2, nodes[$"enterprise:{supplierOfSupplier}"]);
        Assert.Equal(1, nodes[$"institution:{university}"]);
        Assert.Equal(3, graph.GetProperty("edges").GetArrayLength());

        var suppliersOnly = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/graph?entity=enterprise:{center}&depth=1&types=supplier"));
        Assert.Equal(2, suppliersOnly.GetProperty("nodes").GetArrayLength());
        await HttpAssert.NamesField(await client.GetAsync($"/api/graph?entity=enterprise:{center}&depth=3"), "depth");
    }

    [Fact]
    public async Task TheDependencyReportListsSingleSourcedSupplies()
    {
        using var client = api.Client(api.AdminToken);
        var kind = "质粒" + Guid.NewGuid().ToString("N")[..6];
        var customer = await EnterpriseAsync(client, "单一来源客户");
        var covered = await EnterpriseAsync(client, "双来源客户");
        var s1 = await EnterpriseAsync(client, "质粒供应一");
        var s2 = await EnterpriseAsync(client, "质粒供应二");
        await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{s1}", to = $"enterprise:{customer}", supplyKind = kind });
        await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{s1}", to = $"enterprise:{covered}", supplyKind = kind });
        await client.PostAsJsonAsync("/api/relations", new { type = "supplier", from = $"enterprise:{s2}", to = $"enterprise:{covered}", supplyKind = kind });

        var report = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/reports/single-supplier?supplyKind={Uri.EscapeDataString(kind)}"));

        var row = Assert.Single(report.EnumerateArray());
        Assert.Equal($"enterprise:{customer}", row.GetProperty("customer").GetString());
        Assert.Equal($"enterprise:{s1}", row.GetProperty("supplier").GetString());
        Assert.Equal("质粒供应一", row.GetProperty("supplierName").GetString());
    }
}
