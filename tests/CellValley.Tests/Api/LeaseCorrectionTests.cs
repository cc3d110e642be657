using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>A mistaken lease is voided or corrected, never deleted: it stays listed, and occupancy no longer counts it.</summary>
[Collection(ApiCollection.Name)]
public sealed class LeaseCorrectionTests(ApiFixture api)
{
    [Fact]
    public async Task AVoidedLeaseStaysListedButHoldsItsUnitOnNoDay()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("V-1", 500m, "2024-01-01"));
        var wrong = await ParkBuilder.EnterpriseAsync(client, "录错租户");
        var right = await ParkBuilder.EnterpriseAsync(client, "实际租户");
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, wrong, "V-1", 500, "2025-01-01", "2028-01-01"));
        var leaseId = lease.GetProperty("id").GetString();
        Assert.Equal(1m, await Occupancy(client, park));

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/void", new { reason = "" }), "reason");
        var voided = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/void", new { reason = "租户录错" }));
        Assert.Equal(("voided", "租户录错"), (voided.GetProperty("state").GetString(), voided.GetProperty("voidReason").GetString()));
        Assert.Equal(0m, await Occupancy(client, park));
        var listed = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases"))).GetProperty("items");
        Assert.Equal("voided", Assert.Single(listed.EnumerateArray()).GetProperty("state").GetString());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/termination", new { endOn = "2026-01-01", reason = "x" }), "leaseId");

        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, right, "V-1", 500, "2025-01-01", "2028-01-01"));
        Assert.Equal(1m, await Occupancy(client, park));
    }

    [Fact]
    public async Task ACorrectionSignsTheRightLeaseInPlaceOfTheWrongOne()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("C-1", 500m, "2024-01-01"), ("C-2", 500m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client, "更正租户");
        var other = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "C-2", 500, "2025-01-01", "2028-01-01"));
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "C-1", 300, "2025-01-01", "2028-01-01"));
        var leaseId = lease.GetProperty("id").GetString();

        var clash = await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/correction",
            new { reason = "单元录错", lease = new { tenantCode = tenant, unitId = "C-2", areaSqm = 300, start = "2025-01-01", end = "2028-01-01" } }));
        Assert.Contains(other.GetProperty("id").GetString()!, clash.GetProperty("errors").GetProperty("lease.unitId")[0].GetString(), StringComparison.Ordinal);

        var corrected = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/parks/{park}/leases/{leaseId}/correction",
            new { reason = "面积录错，按合同 450 平方米", lease = new { tenantCode = tenant, unitId = "C-1", areaSqm = 450, start = "2025-01-01", end = "2028-01-01" } }));
        Assert.Equal(0.95m, await Occupancy(client, park));

        var leases = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}"))).GetProperty("leases");
        var old = leases.EnumerateArray().Single(l => l.GetProperty("id").GetString() == leaseId);
        Assert.Equal(corrected.GetProperty("id").GetString(), old.GetProperty("replacedBy").GetString());
        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "LeaseVoided");
    }

    private static async Task<decimal> Occupancy(HttpClient client, string park) =>
        (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/occupancy"))).GetProperty("park").GetProperty("occupancy").GetDecimal();
}
