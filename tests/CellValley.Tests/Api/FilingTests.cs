using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Annual data filing: staff open a campaign; an enterprise files (its figures become a proposal); staff see who is late and remind them.</summary>
[Collection(SupervisedCollection.Name)]
public sealed class FilingTests(SupervisedApiFixture api)
{
    [Fact]
    public async Task ACampaignShowsWhoFiledWhoIsLateAndRemindsTheLateOnes()
    {
        using var admin = api.Client(api.AdminToken);
        using var staff = api.Client(await api.MintAsync("staff"));
        var filer = await ParkBuilder.EnterpriseAsync(admin, "填报及时生物");
        var laggard = await ParkBuilder.EnterpriseAsync(admin, "填报迟缓生物");
        api.Clock.Set(new DateOnly(2026, 3, 1));

        await HttpAssert.NamesField(await staff.PostAsJsonAsync("/api/filings", new { year = 2030, deadline = "2026-05-31", scope = new { codes = new[] { filer } } }), "year");
        await HttpAssert.NamesField(await staff.PostAsJsonAsync("/api/filings", new { year = 2025, deadline = "2026-05-31", scope = new { codes = new[] { Codes.NewCode() } } }), "scope");
        using var enterprise = api.Client(await api.MintAsync("enterprise", filer));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.PostAsJsonAsync("/api/filings", new { year = 2025, deadline = "2026-05-31" }));
        var filing = await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/filings",
            new { year = 2025, deadline = "2026-05-31", title = "2025年度数据填报（测试）", scope = new { codes = new[] { filer, laggard } } }));
        var id = filing.GetProperty("id").GetString()!;
        Assert.Equal((2, 0, 2, 0), (filing.GetProperty("inScope").GetInt32(), filing.GetProperty("filed").GetInt32(), filing.GetProperty("open").GetInt32(), filing.GetProperty("late").GetInt32()));

        // The enterprise files its 2025 figures: they become a proposal for staff, with the financial year set to the campaign's.
        var mine = await HttpAssert.Status(HttpStatusCode.OK, await enterprise.GetAsync($"/api/enterprises/{filer}/filings"));
        Assert.Equal(id, mine[0].GetProperty("filingId").GetString());
        var filed = await HttpAssert.Status(HttpStatusCode.OK, await enterprise.PostAsJsonAsync($"/api/filings/{id}/submit", new { headcount = 70, revenueYuan = 12_000_000 }));
        var proposal = filed.GetProperty("proposal");
        Assert.Equal(["headcount", "revenueYuan", "financialYear"], proposal.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()));
        await HttpAssert.Problem(HttpStatusCode.Conflict, await enterprise.PostAsJsonAsync($"/api/filings/{id}/submit", new { headcount = 71 }));
        using var outsider = api.Client(await api.MintAsync("enterprise", await ParkBuilder.EnterpriseAsync(admin, "范围之外生物")));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await outsider.PostAsJsonAsync($"/api/filings/{id}/submit", new { headcount = 5 }));

        // A month before the deadline the one that has not filed finds it in its 待办; the one that filed does not.
        api.Clock.Set(new DateOnly(2026, 5, 2));
        await HttpAssert.Status(HttpStatusCode.OK, await admin.PostAsync("/api/admin/inbox/run", null));
        using var late = api.Client(await api.MintAsync("enterprise", laggard));
        Assert.Contains((await HttpAssert.Status(HttpStatusCode.OK, await late.GetAsync("/api/inbox"))).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == $"filing-due:{id}:{laggard}");
        Assert.DoesNotContain((await HttpAssert.Status(HttpStatusCode.OK, await enterprise.GetAsync("/api/inbox"))).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("kind").GetString() == "filing-due");

        // After the deadline: one late; staff remind the late one.
        api.Clock.Set(new DateOnly(2026, 6, 1));
        var now = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/filings/{id}"));
        Assert.Equal((1, 1, 1), (now.GetProperty("filed").GetInt32(), now.GetProperty("open").GetInt32(), now.GetProperty("late").GetInt32()));
        var lateOnes = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/filings/{id}/targets?state=late"));
        Assert.Equal([laggard], lateOnes.EnumerateArray().Select(t => t.GetProperty("creditCode").GetString()));
        var reminded = await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsync($"/api/filings/{id}/remind", null));
        Assert.Equal(1, reminded.GetProperty("reminded").GetInt32());
        Assert.Contains((await HttpAssert.Status(HttpStatusCode.OK, await late.GetAsync("/api/inbox"))).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == $"filing-reminder:{id}:{laggard}:2026-06-01");
        var targets = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/filings/{id}/targets"));
        Assert.True(targets.EnumerateArray().Single(t => t.GetProperty("creditCode").GetString() == laggard).GetProperty("remindedAt").ValueKind == JsonValueKind.String);
    }
}
