using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace CellValley.Tests.Api;

/// <summary>The 待办 inbox: items appear on the right days (the test sets the clock and runs what the hourly reminder runs), once each, dismissable.</summary>
[Collection(SupervisedCollection.Name)]
public sealed class InboxTests(SupervisedApiFixture api)
{
    private async Task<JsonElement[]> ItemsAsync(HttpClient client, string containing) =>
        (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/inbox"))).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("id").GetString()!.Contains(containing, StringComparison.Ordinal)).ToArray();

    private async Task RunAsync(HttpClient admin, DateOnly day)
    {
        api.Clock.Set(day);
        var run = await HttpAssert.Status(HttpStatusCode.OK, await admin.PostAsync("/api/admin/inbox/run", null));
        Assert.Equal(day.ToString("yyyy-MM-dd"), run.GetProperty("day").GetString());
    }

    [Fact]
    public async Task ALeaseEndingIsToldToItsParkAndStaffAt90And30DaysOnceEachAndCanBeDismissed()
    {
        using var admin = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(admin, ("U1", 300m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(admin, "到期提醒生物");
        var lease = (await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(admin, park, tenant, "U1", 300m, "2024-03-01", "2025-10-01"))).GetProperty("id").GetString()!;
        using var operatorClient = api.Client(await api.MintAsync("park-operator", park));
        using var staff = api.Client(await api.MintAsync("staff"));

        // 2 July: 91 days before the lease ends, nothing yet.
        await RunAsync(admin, new DateOnly(2025, 7, 2));
        Assert.Empty(await ItemsAsync(operatorClient, lease));

        // 3 July: 90 days: the park and staff are told; running again that day adds nothing.
        await RunAsync(admin, new DateOnly(2025, 7, 3));
        await RunAsync(admin, new DateOnly(2025, 7, 3));
        var items = await ItemsAsync(operatorClient, lease);
        var item = Assert.Single(items);
        Assert.Equal(("lease-ending", $"/parks/{park}", "2025-10-01"), (item.GetProperty("kind").GetString(), item.GetProperty("link").GetString(), item.GetProperty("dueOn").GetString()));
        Assert.Contains("90 天内", item.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Single(await ItemsAsync(staff, lease));
        var inbox = await HttpAssert.Status(HttpStatusCode.OK, await operatorClient.GetAsync("/api/inbox"));
        Assert.Equal(("2025-07-03", 1), (inbox.GetProperty("digest").GetProperty("day").GetString(), inbox.GetProperty("digest").GetProperty("byKind").GetProperty("lease-ending").GetInt32()));

        // The operator dismisses it; it does not come back; another park's operator cannot dismiss staff's copy.
        using var otherOperator = api.Client(await api.MintAsync("park-operator", await ParkBuilder.CreateAsync(admin)));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await otherOperator.PostAsync($"/api/inbox/{Uri.EscapeDataString(item.GetProperty("id").GetString()!)}/dismiss", null));
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PostAsync($"/api/inbox/{Uri.EscapeDataString(item.GetProperty("id").GetString()!)}/dismiss", null)).StatusCode);
        await RunAsync(admin, new DateOnly(2025, 7, 10));
        Assert.Empty(await ItemsAsync(operatorClient, lease));

        // 1 September: 30 days: told again, as the 30-day notice.
        await RunAsync(admin, new DateOnly(2025, 9, 1));
        item = Assert.Single(await ItemsAsync(operatorClient, lease));
        Assert.Contains("30 天内", item.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUpsGoToTheLeadsOwnerAndProposalsToStaffAndBack()
    {
        using var admin = api.Client(api.AdminToken);
        using var owner = api.Client(await api.MintAsync("staff"));
        var lead = await HttpAssert.Status(HttpStatusCode.Created, await owner.PostAsJsonAsync("/api/leads", new
        {
            company = "提醒测试基因" + Guid.NewGuid().ToString("N")[..4], segment = "基因治疗", chainLink = "基因治疗", source = "exhibition", nextFollowUp = "2025-05-20",
        }));
        var leadId = lead.GetProperty("id").GetString()!;
        using var colleague = api.Client(await api.MintAsync("staff"));

        await RunAsync(admin, new DateOnly(2025, 5, 19));
        Assert.Empty(await ItemsAsync(owner, "lead-follow-up:" + leadId));
        await RunAsync(admin, new DateOnly(2025, 5, 20));
        Assert.Equal($"/leads/{leadId}", Assert.Single(await ItemsAsync(owner, "lead-follow-up:" + leadId)).GetProperty("link").GetString());
        Assert.Empty(await ItemsAsync(colleague, "lead-follow-up:" + leadId));

        // An enterprise's proposal: staff are told; rejected, the enterprise is told.
        var code = await ParkBuilder.EnterpriseAsync(admin, "提醒申请生物");
        using var own = api.Client(await api.MintAsync("enterprise", code));
        var current = await own.GetAsync($"/api/enterprises/{code}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 12 }) };
        patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var proposal = (await HttpAssert.Status(HttpStatusCode.Accepted, await own.SendAsync(patch))).GetProperty("id").GetString()!;
        await RunAsync(admin, new DateOnly(2025, 5, 21));
        Assert.Single(await ItemsAsync(colleague, "proposal-pending:" + proposal));
        await HttpAssert.Status(HttpStatusCode.OK, await colleague.PostAsJsonAsync($"/api/proposals/{proposal}/review", new { decisions = new { headcount = "reject" }, comment = "请附社保证明" }));
        // Reviewed, it leaves staff's 待办 at once (before the next computation).
        Assert.Empty(await ItemsAsync(colleague, "proposal-pending:" + proposal));
        await RunAsync(admin, new DateOnly(2025, 5, 22));
        Assert.Single(await ItemsAsync(own, "proposal-returned:" + proposal));
    }

    [Fact]
    public async Task AnEndedQuartersReportsAreDueInTheLeadDepartmentsInbox()
    {
        using var admin = api.Client(api.AdminToken);
        var id = "t-" + Guid.NewGuid().ToString("N")[..10];
        api.Clock.Set(new DateOnly(2025, 3, 20));
        await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/plans", PlanReportTests.NewPlan(id)));
        using var science = api.Client(await api.MintAsync("department", "district-science"));
        using var health = api.Client(await api.MintAsync("department", "district-health"));

        // In the plan's first quarter nothing is due yet; once it has ended, each lead department has its items.
        await RunAsync(admin, new DateOnly(2025, 3, 20));
        Assert.Empty(await ItemsAsync(science, $"plan-report-due:{id}/"));
        await RunAsync(admin, new DateOnly(2025, 4, 1));
        var due = await ItemsAsync(science, $"plan-report-due:{id}/");
        Assert.Equal([$"plan-report-due:{id}/1/2025Q1", $"plan-report-due:{id}/3/2025Q1"], due.Select(i => i.GetProperty("id").GetString()).Order());
        Assert.All(due, i => Assert.Equal("2025-04-10", i.GetProperty("dueOn").GetString()));
        Assert.Equal([$"plan-report-due:{id}/2/2025Q1"], (await ItemsAsync(health, $"plan-report-due:{id}/")).Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AUnitEmptyPastTheLimitIsToldToItsParkOnce()
    {
        using var admin = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(admin, ("V-1", 150m, "2024-01-01"));
        using var operatorClient = api.Client(await api.MintAsync("park-operator", park));

        // Available since 1 January 2024 and never let: 180 days is the limit (as the tenancy grid marks it).
        await RunAsync(admin, new DateOnly(2024, 6, 29));
        Assert.Empty(await ItemsAsync(operatorClient, $"unit-vacant:{park}/V-1"));
        await RunAsync(admin, new DateOnly(2024, 7, 1));
        var item = Assert.Single(await ItemsAsync(operatorClient, $"unit-vacant:{park}/V-1"));
        Assert.Equal(("unit-vacant", $"/parks/{park}"), (item.GetProperty("kind").GetString(), item.GetProperty("link").GetString()));
        Assert.Contains("空置已 182 天", item.GetProperty("title").GetString(), StringComparison.Ordinal);
        await RunAsync(admin, new DateOnly(2024, 7, 2));
        Assert.Single(await ItemsAsync(operatorClient, $"unit-vacant:{park}/V-1"));
    }

    [Fact]
    public async Task TheInboxIsComputedByAStoredOrleansReminder()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var reminders = await connection.QueryAsync<string>("SELECT remindername FROM orleansreminderstable WHERE remindername = 'inbox-daily'");
        Assert.Contains("inbox-daily", reminders);
    }
}
