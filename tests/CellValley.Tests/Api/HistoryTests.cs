using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Parks, leads, platforms, institutions and relations keep their history like enterprises: who, when, each field from → to.</summary>
[Collection(ApiCollection.Name)]
public sealed class HistoryTests(ApiFixture api)
{
    [Fact]
    public async Task AParksHistoryShowsItsLeasesAndWhyOneEndedEarly()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("H-1", 300m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "H-1", 300, "2024-03-01", "2027-03-01"));
        var leaseId = lease.GetProperty("id").GetString();
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/termination", new { endOn = "2026-06-30", reason = "企业扩产迁至新厂房" }));

        // The lease keeps what was agreed and why it ended; unsaid, a lease that began in the past was signed by then.
        var shown = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases"))).GetProperty("items")[0];
        Assert.Equal(("2026-06-30", "2027-03-01", "企业扩产迁至新厂房", "2024-03-01"),
            (shown.GetProperty("end").GetString(), shown.GetProperty("originalEnd").GetString(), shown.GetProperty("terminationReason").GetString(), shown.GetProperty("signedOn").GetString()));

        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/history"));
        Assert.Equal(["ParkCreated", "BuildingAdded", "UnitAdded", "LeaseSigned", "LeaseTerminated"], Types(history));
        var ended = history[4];
        Assert.Equal("admin", ended.GetProperty("actorRole").GetString());
        Assert.Equal(("2027-03-01", "2026-06-30"), Change(ended, "end"));
        Assert.Equal((null, "企业扩产迁至新厂房"), Change(ended, "reason"));
        Assert.Equal((null, tenant), Change(history[3], "tenantCode"));

        var later = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/history?after=3"));
        Assert.Equal(["LeaseSigned", "LeaseTerminated"], Types(later));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/parks/no-such-park/history"));
        using var otherOperator = api.Client(await api.MintAsync("park-operator", "another-park"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await otherOperator.GetAsync($"/api/parks/{park}/history"));
    }

    [Fact]
    public async Task ALeadsHistoryNamesWhoMovedItAndWhy()
    {
        using var staff = api.Client(await api.MintAsync("staff"));
        var lead = await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/leads",
            new { company = "历史线索公司", segment = "抗体", chainLink = "抗体", source = "forum" }));
        var id = lead.GetProperty("id").GetString();
        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "visit" }));
        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "contact", reason = "考察后需重新接洽" }));

        var history = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/leads/{id}/history"));
        Assert.Equal(["LeadCreated", "LeadStageChanged", "LeadStageChanged"], Types(history));
        Assert.All(history.EnumerateArray(), e => Assert.Equal("staff", e.GetProperty("actorRole").GetString()));
        Assert.Equal(("visit", "contact"), Change(history[2], "stage"));
        Assert.Equal((null, "历史线索公司"), Change(history[0], "company"));
    }

    [Fact]
    public async Task PlatformsInstitutionsAndRelationsKeepTheirHistoryToo()
    {
        using var client = api.Client(api.AdminToken);
        var platform = "hist-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/platforms",
            new { id = platform, name = "细胞制备平台", kind = "cell-bank", status = "planned", since = "2024-01-01" }));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/platforms/{platform}/status", new { status = "building", since = "2025-01-01" }));
        var platformHistory = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/platforms/{platform}/history"));
        Assert.Equal(["PlatformCreated", "PlatformStatusChanged"], Types(platformHistory));
        Assert.Equal(("planned", "building"), Change(platformHistory[1], "status"));

        var institution = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/institutions", new { name = "南开大学", kind = "university", city = "天津" }));
        var institutionId = institution.GetProperty("id").GetString();
        var institutionHistory = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/institutions/{institutionId}/history"));
        Assert.Equal((null, "南开大学"), Change(Assert.Single(institutionHistory.EnumerateArray()), "name"));

        var a = await ParkBuilder.EnterpriseAsync(client, "关系甲");
        var relation = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/relations",
            new { type = "uses-platform", from = $"enterprise:{a}", to = $"platform:{platform}", since = "2025-02-01" }));
        var relationId = relation.GetProperty("id").GetString();
        var relationHistory = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/relations/{relationId}/history"));
        Assert.Equal((null, $"platform:{platform}"), Change(Assert.Single(relationHistory.EnumerateArray()), "to"));

        using var viewer = api.Client(await api.MintAsync("viewer"));
        await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync($"/api/platforms/{platform}/history"));
        using var enterprise = api.Client(await api.MintAsync("enterprise", a));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync($"/api/platforms/{platform}/history"));
        await HttpAssert.Status(HttpStatusCode.OK, await enterprise.GetAsync($"/api/relations/{relationId}/history"));
    }

    private static string[] Types(JsonElement history) => history.EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray();

    private static (string? From, string? To) Change(JsonElement entry, string field)
    {
        var change = entry.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == field);
        return (Text(change.GetProperty("from")), Text(change.GetProperty("to")));
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
