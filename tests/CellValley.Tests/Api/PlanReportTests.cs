using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>
/// A quarter's reporting cycle on a plan staff create: the lead department reports, staff return it, the department resubmits, staff
/// accept; the lights follow the supervision clock the test sets (no sleeping); a department cannot report on another's item.
/// </summary>
[Collection(SupervisedCollection.Name)]
public sealed class PlanReportTests(SupervisedApiFixture api)
{
    /// <summary>A plan of 2025: item 1 (区科技局 leads, due 2025-06-30), item 2 (区卫健委, continuing), item 3 (区科技局, due 2025-12-31).</summary>
    public static object NewPlan(string id) => new
    {
        id, title = "2025年细胞产业测试方案", source = "测试", periodFrom = "2025-01-01", periodTo = "2025-12-31",
        tasks = new[] { new { number = 1, title = "建设载体", section = "一、工作目标" }, new { number = 2, title = "优化服务", section = "二、重点任务" } },
        items = new object[]
        {
            new { number = 1, task = 1, title = "完成A座主体结构", type = "工程项目", deadline = new { kind = "by", date = "2025-06-30" }, lead = "district-science", cooperating = new[] { "teda-zone" } },
            new { number = 2, task = 2, title = "开展政策宣讲", type = "任务推动", deadline = new { kind = "continuing" }, lead = "district-health" },
            new { number = 3, task = 2, title = "出台专项政策", type = "出台政策", deadline = new { kind = "by", date = "2025-12-31", text = "2025年12月底前" }, lead = "district-science" },
        },
    };

    private static JsonElement Item(JsonElement plan, int number) =>
        plan.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("number").GetInt32() == number);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string item, string path, object body)
    {
        var current = await client.GetAsync(item);
        using var request = new HttpRequestMessage(method, item + path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ADepartmentReportsStaffReturnItTheDepartmentResubmitsAndTheLightsFollowTheDay()
    {
        using var staff = api.Client(await api.MintAsync("staff"));
        using var science = api.Client(await api.MintAsync("department", "district-science"));
        using var health = api.Client(await api.MintAsync("department", "district-health"));
        var id = "t-" + Guid.NewGuid().ToString("N")[..10];
        api.Clock.Set(new DateOnly(2025, 4, 2));
        await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/plans", NewPlan(id)));
        var item = $"/api/plans/{id}/items/1";

        // 2 April: the first quarter's reports are not due before the 10th; item 1 is on track.
        var plan = await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync($"/api/plans/{id}"));
        Assert.Equal("2025Q1", plan.GetProperty("trackMissingReportsFrom").GetString());
        Assert.Equal(("green", "on-track"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString()));

        // 11 April: the report is missing after its due day: red, and the quarter's cycle lists it as late.
        api.Clock.Set(new DateOnly(2025, 4, 11));
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("red", "report-missing", "2025Q1"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString(),
            Item(plan, 1).GetProperty("lightQuarter").GetString()));
        Assert.Equal(3, plan.GetProperty("lights").GetProperty("red").GetInt32());
        var cycle = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}/quarters/2025Q1"));
        Assert.Equal("2025-04-10", cycle.GetProperty("dueOn").GetString());
        Assert.All(cycle.GetProperty("items").EnumerateArray(), i => Assert.Equal(("missing", true), (i.GetProperty("state").GetString(), i.GetProperty("late").GetBoolean())));
        var scienceStanding = cycle.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("department").GetProperty("code").GetString() == "district-science");
        Assert.Equal((2, 2), (scienceStanding.GetProperty("required").GetInt32(), scienceStanding.GetProperty("missing").GetInt32()));

        // A department's inbox is the items it leads.
        var inbox = await HttpAssert.Status(HttpStatusCode.OK, await health.GetAsync($"/api/plans/{id}/quarters/2025Q1"));
        Assert.Equal([2], inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));

        // Another department cannot report on 区科技局's item; staff do not report; a department does not review.
        var report = new { status = "in-progress", percent = 40, milestone = "基础完工", narrative = "完成基础施工，主体结构进行中。", evidence = new[] { "lead:nope" } };
        var refused = await HttpAssert.Problem(HttpStatusCode.Forbidden, await SendAsync(health, HttpMethod.Put, item, "/reports/2025Q1", report));
        Assert.Contains("区科技局", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await SendAsync(staff, HttpMethod.Put, item, "/reports/2025Q1", report));
        await HttpAssert.NamesField(await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q3", report), "quarter", "has not begun");
        await HttpAssert.NamesField(await SendAsync(science, HttpMethod.Put, item, "/reports/2026Q1", report), "quarter", "2025Q1 to 2025Q4");
        await HttpAssert.NamesField(await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1", report), "evidence[0]", "not in the registry");
        await HttpAssert.NamesField(await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1", report with { status = "finished", evidence = Array.Empty<string>() }), "status", "one of");

        // 12 April: 区科技局 reports, late.
        api.Clock.Set(new DateOnly(2025, 4, 12));
        var submitted = await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1", report with { evidence = Array.Empty<string>() }));
        Assert.Equal(("submitted", true, 1), (submitted.GetProperty("state").GetString(), submitted.GetProperty("late").GetBoolean(), submitted.GetProperty("submissions").GetInt32()));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await SendAsync(science, HttpMethod.Post, item, "/reports/2025Q1/accept", new { comment = "自己通过" }));
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("green", "on-track"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString()));
        Assert.Equal(("2025Q1", 40), (Item(plan, 1).GetProperty("latestReport").GetProperty("quarter").GetString(), Item(plan, 1).GetProperty("latestReport").GetProperty("percent").GetInt32()));

        // Staff return it with a comment (a return without one is refused); the department's inbox shows it returned.
        await HttpAssert.NamesField(await SendAsync(staff, HttpMethod.Post, item, "/reports/2025Q1/return", new { comment = " " }), "comment", "required");
        var returned = await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(staff, HttpMethod.Post, item, "/reports/2025Q1/return", new { comment = "请补充施工节点照片" }));
        Assert.Equal(("returned", "请补充施工节点照片"), (returned.GetProperty("state").GetString(), returned.GetProperty("reviewComment").GetString()));
        inbox = await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync($"/api/plans/{id}/quarters/2025Q1"));
        Assert.Equal(["returned", "missing"], inbox.GetProperty("items").EnumerateArray().OrderBy(i => i.GetProperty("number").GetInt32()).Select(i => i.GetProperty("state").GetString()));

        // A stale If-Match loses; 延期 needs its reason; the resubmission turns the light yellow.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, item + "/reports/2025Q1") { Content = JsonContent.Create(report with { evidence = Array.Empty<string>() }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await science.SendAsync(stale));
        }

        var delayed = new { status = "delayed", percent = 40, narrative = "受雨季影响，主体结构顺延。", evidence = new[] { $"park:{await ParkBuilder.CreateAsync(staff, ("U1", 100m, "2024-01-01"))}" } };
        await HttpAssert.NamesField(await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1", delayed), "reason", "delayed");
        var resubmitted = await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1",
            new { delayed.status, delayed.percent, delayed.narrative, delayed.evidence, reason = "雨季停工两周" }));
        Assert.Equal(("submitted", 2), (resubmitted.GetProperty("state").GetString(), resubmitted.GetProperty("submissions").GetInt32()));
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("yellow", "delayed"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString()));

        // Staff accept; an accepted report is fixed.
        var accepted = await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(staff, HttpMethod.Post, item, "/reports/2025Q1/accept", new { comment = "同意" }));
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        await HttpAssert.Problem(HttpStatusCode.Conflict, await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q1", report with { evidence = Array.Empty<string>() }));

        // The item's history names who did what.
        var history = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(item + "/history"));
        Assert.Equal(["PlanReportSubmitted", "PlanReportReturned", "PlanReportSubmitted", "PlanReportAccepted"],
            history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["department", "staff", "department", "staff"], history.EnumerateArray().Select(e => e.GetProperty("actorRole").GetString()));

        // The lights change with the day: before the report came (5 April) item 1 had no report and none was due; on 1 July it is overdue.
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}?asOf=2025-04-05"));
        Assert.Equal("green", Item(plan, 1).GetProperty("light").GetString());
        Assert.False(Item(plan, 1).TryGetProperty("latestReport", out var none) && none.ValueKind != JsonValueKind.Null);
        api.Clock.Set(new DateOnly(2025, 7, 1));
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("red", "overdue"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString()));
        await HttpAssert.NamesField(await staff.GetAsync($"/api/plans/{id}?asOf=2025-07-02"), "asOf", "future");

        // Reported done and accepted, the item is green from the day of the acceptance.
        var page = await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync(item));
        Assert.True(page.GetProperty("canReport").GetBoolean());
        await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(science, HttpMethod.Put, item, "/reports/2025Q2",
            new { status = "done", percent = 100, narrative = "主体结构封顶，已通过验收。", evidence = Array.Empty<string>() }));
        await HttpAssert.Status(HttpStatusCode.OK, await SendAsync(staff, HttpMethod.Post, item, "/reports/2025Q2/accept", new { comment = (string?)null }));
        plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("green", "done"), (Item(plan, 1).GetProperty("light").GetString(), Item(plan, 1).GetProperty("lightReason").GetString()));
        cycle = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}/quarters/2025Q3"));
        Assert.Equal("not-required", cycle.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetInt32() == 1).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ADepartmentAccountReadsThePlansAndNothingElse()
    {
        using var science = api.Client(await api.MintAsync("department", "district-science"));
        await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync("/api/plans"));
        await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync("/api/plans/cell-2021"));
        await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync("/api/departments"));
        await HttpAssert.Status(HttpStatusCode.OK, await science.GetAsync("/api/session"));
        foreach (var closed in new[] { "/api/enterprises", "/api/parks", "/api/picture", "/api/leads", "/api/changes", "/api/platforms" })
        {
            var problem = await HttpAssert.Problem(HttpStatusCode.Forbidden, await science.GetAsync(closed));
            Assert.Contains("department account", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var staff = api.Client(await api.MintAsync("staff"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await science.PostAsJsonAsync("/api/plans", NewPlan("t-" + Guid.NewGuid().ToString("N")[..10])));
    }

    [Fact]
    public async Task APlanIsCheckedFieldByFieldAndItsIdIsItsOwn()
    {
        using var staff = api.Client(await api.MintAsync("staff"));
        var bad = new
        {
            id = "Bad Id", title = "测试方案", periodFrom = "2025-01-01", periodTo = "2024-12-31",
            tasks = new[] { new { number = 1, title = "任务", section = "一" } },
            items = new object[]
            {
                new { number = 1, task = 9, title = "事项", type = "开会", deadline = new { kind = "by" }, lead = "nobody", cooperating = new[] { "district-science", "district-science" }, indicator = "nothing" },
            },
        };
        var problem = await HttpAssert.Problem(HttpStatusCode.BadRequest, await staff.PostAsJsonAsync("/api/plans", bad));
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        string[] expected = ["id", "periodTo", "items[0].task", "items[0].type", "items[0].deadline.date", "items[0].lead", "items[0].cooperating[1]", "items[0].indicator"];
        Assert.True(expected.All(fields.Contains), "named: " + string.Join(", ", fields));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/api/plans/bad-id")).StatusCode);

        var id = "t-" + Guid.NewGuid().ToString("N")[..10];
        await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/plans", NewPlan(id)));
        await HttpAssert.NamesField(await staff.PostAsJsonAsync("/api/plans", NewPlan(id)), "id", "exists already");
        await HttpAssert.NamesField(await staff.PostAsJsonAsync("/api/plans", NewPlan("cell-2021")), "id", "exists already");
        var plan = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/plans/{id}"));
        Assert.Equal(("区科技局、经开区科技部门和生物医药部门", "2025年12月底前", "2025年6月30日前"), (Item(plan, 1).GetProperty("departmentsText").GetString(),
            Item(plan, 3).GetProperty("deadlineText").GetString(), Item(plan, 1).GetProperty("deadlineText").GetString()));
        Assert.Contains((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync("/api/plans"))).EnumerateArray(), p => p.GetProperty("id").GetString() == id);
    }
}
