using System.Net;
using System.Net.Http.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ParkApiTests(ApiFixture api)
{
    [Fact]
    public async Task LeasesMeetingAtTheMoveOutDayAreFineAndAnOverlapIs409NamingTheLease()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("A-301", 300m, "2024-01-01"));
        var (first, second, third) = (await ParkBuilder.EnterpriseAsync(client), await ParkBuilder.EnterpriseAsync(client), await ParkBuilder.EnterpriseAsync(client));

        var a = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, first, "A-301", 300, "2025-01-01", "2025-07-01"));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, second, "A-301", 300, "2025-07-01", "2026-01-01"));
        var clash = await HttpAssert.Problem(HttpStatusCode.Conflict, await ParkBuilder.LeaseAsync(client, park, third, "A-301", 100, "2025-06-30", "2025-08-01"));

        Assert.Contains(a.GetProperty("id").GetString()!, clash.GetProperty("detail").GetString());
        var leases = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases"));
        Assert.Equal(2, leases.GetProperty("items").GetArrayLength());
        Assert.Equal(2, leases.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData(301, "2025-01-01", "2026-01-01", "areaSqm")]
    [InlineData(100, "2025-01-01", "2025-01-01", "end")]
    [InlineData(100, "2025-06-01", "2025-01-01", "end")]
    public async Task ALeaseOverItsUnitsAreaOrWithEndNotAfterStartIs400(decimal area, string start, string end, string field)
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("B-1", 300m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.NamesField(await ParkBuilder.LeaseAsync(client, park, tenant, "B-1", area, start, end), field);
    }

    [Fact]
    public async Task ATenantMustBeARegisteredEnterprise()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("C-1", 100m, "2024-01-01"));
        await HttpAssert.NamesField(await ParkBuilder.LeaseAsync(client, park, Codes.NewCode(), "C-1", 50, "2025-01-01", "2026-01-01"), "tenantCode", "is not registered");
    }

    [Fact]
    public async Task OccupancyOnADateCountsLeasesInForceThatDay()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("U1", 100m, "2024-01-01"), ("U2", 300m, "2024-01-01"), ("U3", 600m, "2025-09-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U1", 100, "2025-01-01", "2026-01-01"));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U2", 150, "2025-06-01", "2027-01-01"));

        async Task<(decimal Leased, decimal Leasable)> At(string date)
        {
            var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/occupancy?asOf={date}"));
            var total = body.GetProperty("park");
            return (total.GetProperty("leasedSqm").GetDecimal(), total.GetProperty("leasableSqm").GetDecimal());
        }

        Assert.Equal((100m, 400m), await At("2025-03-01"));
        Assert.Equal((250m, 400m), await At("2025-07-01"));
        Assert.Equal((250m, 1000m), await At("2025-12-31"));
        Assert.Equal((150m, 1000m), await At("2026-01-01"));
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/occupancy?asOf=2025-07-01"));
        Assert.Equal(0.625m, body.GetProperty("park").GetProperty("occupancy").GetDecimal());
        Assert.False(body.GetProperty("park").GetProperty("meetsTarget").GetBoolean());
        Assert.Equal("A座", body.GetProperty("buildings")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ExpiringLeasesAndVacanciesAreListedWithTheirWindows()
    {
        using var client = api.Client(api.AdminToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var park = await ParkBuilder.CreateAsync(client, ("E1", 100m, "2024-01-01"), ("E2", 100m, "2024-01-01"), ("E3", 100m, today.AddDays(-10).ToString("yyyy-MM-dd")));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "E1", 100, "2024-06-01", today.AddDays(20).ToString("yyyy-MM-dd")));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "E2", 100, "2024-06-01", today.AddDays(200).ToString("yyyy-MM-dd")));

        var within30 = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?expiringWithinDays=30"));
        Assert.Equal("E1", Assert.Single(within30.GetProperty("items").EnumerateArray()).GetProperty("unitId").GetString());
        var within20 = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?expiringWithinDays=20"));
        Assert.Empty(within20.GetProperty("items").EnumerateArray());

        var vacancies = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/vacancies"));
        var vacant = Assert.Single(vacancies.GetProperty("items").EnumerateArray());
        Assert.Equal("E3", vacant.GetProperty("unitId").GetString());
        Assert.Equal(10, vacant.GetProperty("daysVacant").GetInt32());
    }

    [Fact]
    public async Task ATenancyShowsOnTheEnterpriseProfile()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("T1", 100m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        var before = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{tenant}"));
        Assert.Empty(before.GetProperty("tenancies").EnumerateArray());
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "T1", 80, "2025-01-01", "2030-01-01"));

        // Profiles keep tenancies in memory: the lease shows on the very next read.
        var profile = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{tenant}"));
        var tenancy = Assert.Single(profile.GetProperty("tenancies").EnumerateArray());
        Assert.Equal(park, tenancy.GetProperty("parkId").GetString());
        Assert.Equal("in-place", tenancy.GetProperty("state").GetString());

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd");
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync(
            $"/api/parks/{park}/leases/{lease.GetProperty("id").GetString()}/termination", new { endOn = yesterday, reason = "moved out" }));
        var after = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{tenant}"));
        Assert.Equal("expired", Assert.Single(after.GetProperty("tenancies").EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AParkOperatorWorksItsOwnParkOnly()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await ParkBuilder.CreateAsync(admin, ("O1", 100m, "2024-01-01"), ("O2", 100m, "2024-01-01"));
        var other = await ParkBuilder.CreateAsync(admin, ("X1", 100m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(admin, "本园租户有限公司");
        var outsider = await ParkBuilder.EnterpriseAsync(admin, "他园租户有限公司");
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(admin, other, outsider, "X1", 100, "2025-01-01", "2030-01-01"));
        using var client = api.Client(await api.MintAsync(ApiRoles.ParkOperator, own));

        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, own, tenant, "O1", 100, "2025-01-01", "2030-01-01"));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PutAsJsonAsync($"/api/parks/{own}/units/O3", new { buildingId = "A", areaSqm = 50 }));
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{own}/leases"));

        await HttpAssert.Problem(HttpStatusCode.Forbidden, await ParkBuilder.LeaseAsync(client, other, tenant, "X1", 10, "2031-01-01", "2032-01-01"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/parks/{other}/leases"));
        var otherPark = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{other}"));
        Assert.Empty(otherPark.GetProperty("leases").EnumerateArray());
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync("/api/leads"));

        var profile = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{tenant}"));
        Assert.Empty(profile.GetProperty("contacts").EnumerateArray());
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/enterprises/{outsider}"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/enterprises/{tenant}/products"));
        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/enterprises?pageSize=200"));
        Assert.Equal([tenant], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("creditCode").GetString()!).ToArray());
    }

    [Fact]
    public async Task MilestonesKeepPlannedAndActualDates()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client);
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/parks/{park}/milestones", new { kind = "topped-out", planned = "2025-03-01" }));
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/parks/{park}/milestones", new { kind = "topped-out", actual = "2025-04-15" }));
        var milestone = Assert.Single(body.GetProperty("milestones").EnumerateArray());
        Assert.Equal("2025-03-01", milestone.GetProperty("planned").GetString());
        Assert.Equal("2025-04-15", milestone.GetProperty("actual").GetString());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/parks/{park}/milestones", new { kind = "ribbon-cutting", planned = "2025-01-01" }), "kind");
    }

    [Fact]
    public async Task LeaseAndVacancyListsArePagedWithTheirTotalNeverCutSilently()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("P1", 100m, "2024-01-01"), ("P2", 100m, "2024-01-01"), ("P3", 100m, "2024-01-01"), ("P4", 100m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        foreach (var unit in new[] { "P1", "P2", "P3" })
        {
            await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, unit, 100, "2024-06-01", "2030-06-01"));
        }

        var first = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?pageSize=2"));
        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var second = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?pageSize=2&page=2"));
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("page").GetInt32());

        var vacancies = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/vacancies"));
        Assert.Equal(1, vacancies.GetProperty("total").GetInt64());
        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/leases?pageSize=500"), "pageSize", "between 1 and 200");
        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/vacancies?page=0"), "page");
    }
}
