using System.Globalization;
using System.Net;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>The lease-status grid (租控图) and the monthly occupancy trend read the same tenancy as occupancy and vacancies.</summary>
[Collection(ApiCollection.Name)]
public sealed class ParkTenancyTests(ApiFixture api)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task EachUnitShowsHowItIsHeldOnTheDay()
    {
        var client = api.Client(api.AdminToken, language: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var park = await ParkBuilder.CreateAsync(client,
            ("L1", 600, "2024-01-01"), ("V1", 400, "2024-01-01"), ("V2", 300, Day(today.AddDays(-30))), ("C1", 200, "2024-01-01"), ("N1", 100, Day(today.AddDays(60))));
        var tenant = await ParkBuilder.EnterpriseAsync(client, "网格生物有限公司");
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "L1", 600, "2024-06-01", Day(today.AddDays(45))));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "C1", 200, Day(today.AddDays(20)), Day(today.AddYears(3))));
        // V1 was let until 2025-01-01 and has stood empty since.
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "V1", 400, "2024-01-01", "2025-01-01"));

        var grid = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/tenancy"));
        Assert.Equal(180, grid.GetProperty("vacantTooLongDays").GetInt32());
        Assert.Equal("A座", grid.GetProperty("buildings")[0].GetProperty("name").GetString());
        var units = grid.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetString()!);

        Assert.Equal("let", units["L1"].GetProperty("state").GetString());
        var lease = Assert.Single(units["L1"].GetProperty("leases").EnumerateArray());
        Assert.Equal(("网格生物有限公司", "in-place", 45), (lease.GetProperty("tenantName").GetString(), lease.GetProperty("state").GetString(), lease.GetProperty("daysToEnd").GetInt32()));
        Assert.Equal("B", units["L1"].GetProperty("fitOut").GetProperty("gmpGrade").GetString());

        Assert.Equal("vacant", units["V1"].GetProperty("state").GetString());
        Assert.Equal("2025-01-01", units["V1"].GetProperty("vacantSince").GetString());
        Assert.True(units["V1"].GetProperty("vacantTooLong").GetBoolean());
        Assert.Equal(today.DayNumber - new DateOnly(2025, 1, 1).DayNumber, units["V1"].GetProperty("daysVacant").GetInt32());

        Assert.Equal(("vacant", 30, false), (units["V2"].GetProperty("state").GetString(), units["V2"].GetProperty("daysVacant").GetInt32(), units["V2"].GetProperty("vacantTooLong").GetBoolean()));
        Assert.Equal("committed", units["C1"].GetProperty("state").GetString());
        Assert.Equal("committed", Assert.Single(units["C1"].GetProperty("leases").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal("unavailable", units["N1"].GetProperty("state").GetString());

        // The grid agrees with the park's vacancies on the same day.
        var vacancies = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/vacancies"));
        Assert.Equal(units.Values.Where(u => u.GetProperty("state").GetString() == "vacant").Select(u => u.GetProperty("unitId").GetString()).Order(),
            vacancies.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("unitId").GetString()).Order());

        // On 2024-07-01 V1 and L1 were let, C1 was vacant (its lease was not signed yet), V2 and N1 not available.
        var then = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/tenancy?asOf=2024-07-01")))
            .GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetString()!, u => u.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["L1"] = "let", ["V1"] = "let", ["V2"] = "unavailable", ["C1"] = "vacant", ["N1"] = "unavailable" }, then);
    }

    [Fact]
    public async Task TheTrendGivesEachMonthsEndAndTodayForThisMonth()
    {
        var client = api.Client(api.AdminToken, language: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var park = await ParkBuilder.CreateAsync(client, ("U1", 500, "2020-01-01"), ("U2", 500, "2020-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        // Let from the first day of the month before last: two points show it, the earlier ones do not.
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U1", 500, Day(monthStart.AddMonths(-1)), "2035-01-01"));

        var trend = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/occupancy/trend?months=4"));
        Assert.Equal(0.8m, trend.GetProperty("target").GetDecimal());
        var points = trend.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(4, points.Length);
        Assert.Equal(Day(today), points[^1].GetProperty("asOf").GetString());
        Assert.Equal(Day(monthStart.AddDays(-1)), points[^2].GetProperty("asOf").GetString());
        Assert.Equal([0m, 0m, 0.5m, 0.5m], points.Select(p => p.GetProperty("occupancy").GetDecimal()));
        Assert.Equal(monthStart.AddMonths(-3).ToString("yyyy-MM", CultureInfo.InvariantCulture), points[0].GetProperty("month").GetString());

        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/occupancy/trend?months=0"), "months");
    }

    [Fact]
    public async Task LeasesFilterByState()
    {
        var client = api.Client(api.AdminToken, language: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var park = await ParkBuilder.CreateAsync(client, ("U1", 100, "2020-01-01"), ("U2", 100, "2020-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U1", 100, "2021-01-01", "2022-01-01"));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U2", 100, Day(today.AddDays(10)), "2035-01-01"));

        async Task<string[]> Units(string state) => (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?state={state}")))
            .GetProperty("items").EnumerateArray().Select(l => l.GetProperty("unitId").GetString()!).ToArray();
        Assert.Equal(["U1"], await Units("expired"));
        Assert.Equal(["U2"], await Units("committed"));
        Assert.Empty(await Units("in-place"));
        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/leases?state=haunted"), "state");
    }

    [Fact]
    public async Task OnlyThoseWhoSeeLeasesSeeTheGrid()
    {
        var client = api.Client(api.AdminToken, language: null);
        var park = await ParkBuilder.CreateAsync(client, ("U1", 100, "2020-01-01"));
        using var enterprise = api.Client(await api.MintAsync("enterprise", Codes.NewCode()));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync($"/api/parks/{park}/tenancy"));
        using var otherOperator = api.Client(await api.MintAsync("park-operator", "some-other-park"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await otherOperator.GetAsync($"/api/parks/{park}/tenancy"));
        using var own = api.Client(await api.MintAsync("park-operator", park));
        await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/parks/{park}/tenancy"));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/parks/no-such-park/tenancy"));
    }
}
