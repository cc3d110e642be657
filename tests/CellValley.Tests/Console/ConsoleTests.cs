using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CellValley.Tests.Console;

/// <summary>
/// The console in a real browser against the real service: every role signs in and lands where it works,
/// the cockpit shows the hand-counted numbers of a seeded cluster, an enterprise edits its own profile and
/// meets a Chinese field error, a viewer has no edit buttons, a concurrent save (412) is shown and
/// re-applied, and an enterprise sees only the public card of another.
/// </summary>
public sealed class ConsoleTests : IClassFixture<ConsoleFixture>, IAsyncLifetime
{
    private readonly ConsoleFixture _app;
    private readonly ITestOutputHelper _output;
    private readonly HttpClient _admin;
    private static (string Own, string Other) _codes;

    public ConsoleTests(ConsoleFixture app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
        _admin = app.Client(app.AdminToken, language: null);
    }

    public async Task InitializeAsync()
    {
        if ((await _admin.GetFromJsonAsync<JsonElement>("/api/enterprises")).GetProperty("total").GetInt32() > 0)
        {
            return;
        }

        // The seeded cluster, counted by hand: 3 enterprises (one 雏鹰, one 领军, one without a tier),
        // one park of 1,000 m² with 600 m² let (60%, short of the 80% target).
        _codes = (Codes.NewCode(), Codes.NewCode());
        var third = Codes.NewCode();
        await Created("/api/enterprises", new { creditCode = _codes.Own, name = "天津一号细胞科技有限公司", segments = new[] { "细胞治疗" }, foundedOn = "2020-01-01", district = "滨海新区", headcount = 80 });
        await Created("/api/enterprises", new { creditCode = _codes.Other, name = "天津二号生物材料有限公司", segments = new[] { "原材料与试剂耗材" }, foundedOn = "2018-01-01", district = "滨海新区", headcount = 300 });
        await Created("/api/enterprises", new { creditCode = third, name = "天津三号抗体药业有限公司", segments = new[] { "抗体" }, foundedOn = "2021-06-01" });
        await Created($"/api/enterprises/{_codes.Own}/tiers", new { tier = "eaglet", recognizedOn = "2024-03-01", source = "天津市科学技术局", reason = "批次认定" });
        await Created($"/api/enterprises/{_codes.Other}/tiers", new { tier = "leader", recognizedOn = "2025-01-15", source = "天津市科学技术局", reason = "批次认定" });
        await Created("/api/parks", new { id = "bio-innovation-center", name = "生物医药创新中心", zone = "经开区", occupancyTarget = 0.8 });
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsJsonAsync("/api/parks/bio-innovation-center/buildings", new { id = "A", name = "A座" }));
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PutAsJsonAsync("/api/parks/bio-innovation-center/units/A-301", new { buildingId = "A", areaSqm = 600, availableSince = "2024-01-01" }));
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PutAsJsonAsync("/api/parks/bio-innovation-center/units/A-302", new { buildingId = "A", areaSqm = 400, availableSince = "2024-01-01" }));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(_admin, "bio-innovation-center", _codes.Own, "A-301", 600, "2024-06-01", "2029-06-01"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryRoleSignsInAndLandsWhereItWorks()
    {
        var page = await _app.PageAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login**");
        await ConsoleFixture.ShotAsync(page, "01-sign-in");

        var (viewer, password) = await _app.AccountAsync("viewer", displayName: "区领导 张三");
        await page.Locator(ConsoleFixture.Field("username")).FillAsync(viewer);
        await page.Locator(ConsoleFixture.Field("password")).FillAsync(ApiFixture.NewPassword()); // a fresh one, not the account's
        await page.Locator("[data-test=sign-in]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");
        await ConsoleFixture.ShotAsync(page, "02-sign-in-wrong-password");

        foreach (var (role, scope, landing) in new[]
                 {
                     ("viewer", (string?)null, "/cockpit"), ("staff", null, "/cockpit"), ("admin", null, "/cockpit"),
                     ("enterprise", _codes.Own, $"/enterprises/{_codes.Own}"), ("park-operator", "bio-innovation-center", "/parks/bio-innovation-center"),
                 })
        {
            var (username, secret) = await _app.AccountAsync(role, scope);
            var window = await _app.PageAsync();
            await ConsoleFixture.SignInAsync(window, username, secret);
            await window.WaitForURLAsync("**" + landing);
            await Assertions.Expect(window.Locator("[data-test=user-menu]")).ToBeVisibleAsync();
            await window.Context.CloseAsync();
        }

        // A temporary password from an admin leads to the change-password page first.
        var created = await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "zhao.liu", displayName = "招商 赵六", role = "staff" }));
        var fresh = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(fresh, "zhao.liu", created.GetProperty("temporaryPassword").GetString()!);
        await fresh.WaitForURLAsync("**/password");
        await fresh.Locator(ConsoleFixture.Field("current-password")).FillAsync(created.GetProperty("temporaryPassword").GetString()!);
        await fresh.Locator(ConsoleFixture.Field("new-password")).FillAsync("short1");
        await fresh.Locator(ConsoleFixture.Field("repeat-password")).FillAsync("short1");
        await fresh.Locator("[data-test=save-password]").ClickAsync();
        await Assertions.Expect(fresh.Locator(".el-form-item__error")).ToContainTextAsync("长度须为 10–128 个字符");
        await ConsoleFixture.ShotAsync(fresh, "03-change-password-error");
        var chosen = ApiFixture.NewPassword();
        await fresh.Locator(ConsoleFixture.Field("new-password")).FillAsync(chosen);
        await fresh.Locator(ConsoleFixture.Field("repeat-password")).FillAsync(chosen);
        await fresh.Locator("[data-test=save-password]").ClickAsync();
        await fresh.WaitForURLAsync("**/cockpit");
    }

    [Fact]
    public async Task TheCockpitShowsTheHandCountedCluster()
    {
        var (username, password) = await _app.AccountAsync("viewer", displayName: "区领导 张三");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.WaitForURLAsync("**/cockpit");

        await Assertions.Expect(page.Locator("[data-test=enterprise-total]")).ToHaveTextAsync("3");
        var tiers = page.Locator("[data-test=tiers]");
        await Assertions.Expect(tiers.Locator("tr", new() { HasText = "雏鹰" })).ToContainTextAsync("1");
        await Assertions.Expect(tiers.Locator("tr", new() { HasText = "领军" }).Last).ToContainTextAsync("1");
        var occupancy = page.Locator("[data-target=innovation-center-occupancy]");
        await Assertions.Expect(occupancy).ToContainTextAsync("60%");
        await Assertions.Expect(occupancy).ToContainTextAsync("未达成");
        await Assertions.Expect(page.Locator("[data-target=leader-enterprises]")).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("[data-test=occupancy]")).ToContainTextAsync("生物医药创新中心");
        await Assertions.Expect(page.Locator("[data-test=chain]")).ToContainTextAsync("缺口");
        await page.WaitForTimeoutAsync(500); // let the charts finish their entry animation before the picture is taken
        _output.WriteLine("cockpit at 1366×768: " + await ConsoleFixture.ShotAsync(page, "04-cockpit"));

        // The first load, measured in the browser (Navigation and Resource Timing): a window with an empty
        // cache and the session cookie opens the cockpit; the service is warm (it just answered).
        var session = (await page.Context.CookiesAsync()).Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }).ToList();
        var cold = await _app.PageAsync(cookies: session);
        await cold.GotoAsync("/cockpit");
        await Assertions.Expect(cold.Locator("[data-test=enterprise-total]")).ToHaveTextAsync("3");
        // The cockpit marks the frame in which its figures are first drawn.
        await cold.WaitForFunctionAsync("() => performance.getEntriesByName('cockpit-figures').length > 0");
        var shown = await cold.EvaluateAsync<double>("() => performance.getEntriesByName('cockpit-figures')[0].startTime");
        var timing = await cold.EvaluateAsync<JsonElement>("""
            () => {
              const nav = performance.getEntriesByType('navigation')[0];
              const scripts = performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js'));
              const entry = scripts.filter(r => /\/assets\/index-/.test(r.name));
              return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                       jsBytes: scripts.reduce((s, r) => s + r.encodedBodySize, 0), jsRaw: scripts.reduce((s, r) => s + r.decodedBodySize, 0),
                       entryBytes: entry.reduce((s, r) => s + r.encodedBodySize, 0),
                       calls: performance.getEntriesByType('resource').filter(r => r.name.includes('/api/') || r.name.includes('/assets/'))
                         .map(r => `${new URL(r.name).pathname.replace(/-[A-Za-z0-9_]{8}\./, '.')} ${Math.round(r.startTime)}–${Math.round(r.responseEnd)}`).join(', ') };
            }
            """);
        _output.WriteLine($"cockpit first load (cold cache): DOMContentLoaded {timing.GetProperty("domContentLoaded").GetDouble():0} ms, "
            + $"load {timing.GetProperty("load").GetDouble():0} ms, figures shown by {shown:0} ms; JavaScript {timing.GetProperty("jsBytes").GetDouble() / 1024:0} KiB "
            + $"compressed ({timing.GetProperty("jsRaw").GetDouble() / 1024:0} KiB raw), of which the entry chunk {timing.GetProperty("entryBytes").GetDouble() / 1024:0} KiB");
        _output.WriteLine("requests (start–end ms): " + timing.GetProperty("calls").GetString());

        // A wall screen: the same page at 1920×1080.
        var wall = await _app.PageAsync(1920, 1080);
        await ConsoleFixture.SignInAsync(wall, username, password);
        await Assertions.Expect(wall.Locator("[data-test=enterprise-total]")).ToHaveTextAsync("3");
        await wall.WaitForTimeoutAsync(500);
        _output.WriteLine("cockpit at 1920×1080: " + await ConsoleFixture.ShotAsync(wall, "05-cockpit-wall"));

        // Every number opens the list it counts: the leader target its one 领军 firm, a park's row its tenant,
        // and the enterprise total all three, from where the enterprise list opens with the same filters.
        var details = page.Locator("[data-test=picture-details]");
        await page.Locator("[data-target=leader-enterprises]").ClickAsync();
        await Assertions.Expect(details.Locator("[data-test=details-total]")).ToHaveTextAsync("1");
        await Assertions.Expect(details.Locator("[data-test=details-table] tbody tr")).ToContainTextAsync("天津二号生物材料有限公司");
        await Assertions.Expect(details.Locator("[data-test=details-table] tbody tr")).ToContainTextAsync("领军");
        _output.WriteLine("leader target's list: " + await ConsoleFixture.ShotAsync(page, "06a-cockpit-leaders"));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(details).ToHaveCountAsync(0);

        await page.Locator("[data-test=occupancy] tbody tr", new() { HasText = "生物医药创新中心" }).ClickAsync();
        await Assertions.Expect(details.Locator("[data-test=details-table] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(details.Locator("[data-test=details-table] tbody tr")).ToContainTextAsync("天津一号细胞科技有限公司");
        await page.Keyboard.PressAsync("Escape");

        await page.Locator("[data-test=enterprise-total]").ClickAsync();
        await Assertions.Expect(details.Locator("[data-test=details-table] tbody tr")).ToHaveCountAsync(3);
        await details.Locator("[data-test=open-list]").ClickAsync();
        await page.WaitForURLAsync("**/enterprises**");
        await Assertions.Expect(page.Locator("[data-test=enterprise-list] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-test=enterprise-list] tbody tr", new() { HasText = "天津一号细胞科技有限公司" })).ToContainTextAsync("细胞治疗");
        await ConsoleFixture.ShotAsync(page, "06-enterprise-list");

        // The list as a workbook: the same three firms, Chinese headers.
        await page.Locator("[data-test=export]").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=export-xlsx]:visible").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(saved);
        var rows = MiniExcelLibs.MiniExcel.Query(saved, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
        File.Delete(saved);
        Assert.Equal(3, rows.Length);
        Assert.Contains(rows, r => (string?)r["企业名称"] == "天津一号细胞科技有限公司");
    }

    [Fact]
    public async Task AnEnterpriseEditsItsHeadcountAndMeetsAChineseFieldError()
    {
        var (username, password) = await _app.AccountAsync("enterprise", _codes.Own, "一号细胞 填报员");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.WaitForURLAsync($"**/enterprises/{_codes.Own}");
        await Assertions.Expect(page.Locator("[data-test=enterprise-name]")).ToHaveTextAsync("天津一号细胞科技有限公司");
        await ConsoleFixture.ShotAsync(page, "07-enterprise-own-profile");

        await page.Locator("[data-test=edit-profile]").ClickAsync();
        await page.Locator(ConsoleFixture.Field("field-headcount")).FillAsync("-5");
        await page.Locator("[data-test=save-profile]").ClickAsync();
        var error = page.Locator(".el-dialog .el-form-item__error");
        await Assertions.Expect(error).ToContainTextAsync("必须在 0 到 10000000 之间");
        await ConsoleFixture.ShotAsync(page, "08-enterprise-field-error");

        // The enterprise's own headcount waits for review: the profile keeps the old figure, the proposal shows 待审核.
        var before = (await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Own}")).GetProperty("headcount").GetInt32();
        await page.Locator(ConsoleFixture.Field("field-headcount")).FillAsync("95");
        await page.Locator("[data-test=save-profile]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=proposals] [data-state=pending]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveTextAsync(before.ToString());
        await ConsoleFixture.ShotAsync(page, "07a-enterprise-proposal-pending");

        // Staff review it in 信息审核: the field from → to, 通过.
        var (staffName, staffPassword) = await _app.AccountAsync("staff", displayName: "招商 王五");
        var review = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(review, staffName, staffPassword);
        await review.GetByRole(AriaRole.Menuitem, new() { Name = "信息审核" }).ClickAsync();
        await review.Locator("[data-test=proposal-queue] tbody tr", new() { HasText = "天津一号细胞科技有限公司" }).First.ClickAsync();
        var fields = review.Locator("[data-test=proposal-fields]");
        await Assertions.Expect(fields).ToContainTextAsync("从业人数");
        await Assertions.Expect(fields).ToContainTextAsync("95");
        await review.GetByLabel("审核意见").FillAsync("与社保缴纳人数一致");
        await ConsoleFixture.ShotAsync(review, "16-proposal-review");
        await review.Locator("[data-test=submit-review]").ClickAsync();
        await Assertions.Expect(review.Locator(".el-message")).ToContainTextAsync("已审核");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveTextAsync("95");
        await Assertions.Expect(page.Locator("[data-test=proposals] [data-state=accepted]")).ToHaveCountAsync(1);
        var stored = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Own}");
        Assert.Equal(95, stored.GetProperty("headcount").GetInt32());

        // Qualifications (what the tier criteria ask about) and a contact, in the same form.
        await page.Locator("[data-test=edit-profile]").ClickAsync();
        var form = page.Locator(".el-dialog", new() { HasText = "编辑基本信息" });
        await form.Locator(".el-form-item", new() { HasText = "高新技术企业" }).GetByText("是", new() { Exact = true }).ClickAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "+ 添加联系人" }).ClickAsync();
        await form.GetByPlaceholder("姓名").FillAsync("刘主任");
        await form.GetByPlaceholder("电话").FillAsync("022-66880000");
        await page.Locator("[data-test=save-profile]").ClickAsync();
        // The contact applies at once; the qualification waits for review, then staff accept it.
        await Assertions.Expect(page.Locator("[data-test=proposals] [data-state=pending]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".el-descriptions__cell", new() { HasText = "刘主任" })).ToHaveCountAsync(1);
        var pending = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Own}/proposals");
        var proposal = pending.EnumerateArray().First(p => p.GetProperty("state").GetString() == "pending");
        Assert.Equal(["qualifications"], proposal.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsJsonAsync($"/api/proposals/{proposal.GetProperty("proposalId").GetString()}/review",
            new { decisions = new { qualifications = "accept" } }));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-test=qualifications]")).ToContainTextAsync("高新技术企业：是");
        await Assertions.Expect(page.Locator(".el-descriptions__cell", new() { HasText = "A-301" })).ToContainTextAsync("生物医药创新中心");
        stored = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Own}");
        Assert.True(stored.GetProperty("qualifications").GetProperty("highTechEnterprise").GetBoolean());
        Assert.Equal("刘主任", stored.GetProperty("contacts")[0].GetProperty("name").GetString());
        await ConsoleFixture.ShotAsync(page, "07b-enterprise-profile-after-edit");

        // Another enterprise's profile: the public card only, no figures, no edit button.
        await page.GotoAsync($"/enterprises/{_codes.Other}");
        await Assertions.Expect(page.Locator("[data-test=public-card]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=edit-profile]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "融资" })).ToHaveCountAsync(0);
        await ConsoleFixture.ShotAsync(page, "09-enterprise-other-public-card");
    }

    [Fact]
    public async Task LeadershipReadsThePlansTaskBreakdownWithItsLights()
    {
        var (username, password) = await _app.AccountAsync("viewer", displayName: "区领导 张三");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "行动方案" }).ClickAsync();
        await page.WaitForURLAsync("**/plan?plan=*");
        await page.GotoAsync("/plan?plan=cell-2021");
        var table = page.Locator("[data-test=plan-table]");
        await Assertions.Expect(page.Locator(".page-title")).ToHaveTextAsync("2021年滨海新区细胞产业技术创新行动方案");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(31);

        // Three weeks before the plan's deadline: the items due by then and not measured as met are yellow.
        await page.GotoAsync("/plan?plan=cell-2021&asOf=2021-12-10");
        await Assertions.Expect(page.Locator("[data-test=plan-lights]")).ToContainTextAsync("2021年12月10日");
        var yellow = await table.Locator("[data-light=yellow]").CountAsync();
        Assert.InRange(yellow, 13, 19);
        await Assertions.Expect(table.Locator("tbody tr", new() { HasText = "筹建天津市细胞药品监管科学研究中心" })).ToContainTextAsync("预警");
        await Assertions.Expect(table.Locator("tbody tr", new() { HasText = "积极申报高级别生物安全实验室" })).ToContainTextAsync("正常");
        await ConsoleFixture.ShotAsync(page, "60-plan-table");

        // One department's items, from the ranking.
        var ranking = page.Locator("[data-test=department-ranking]");
        await Assertions.Expect(ranking.Locator("tbody tr")).ToHaveCountAsync(13);
        await ranking.Locator("tbody tr", new() { HasText = "区卫健委" }).GetByRole(AriaRole.Button, new() { Name = "查看事项" }).ClickAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(6);
    }

    [Fact]
    public async Task ADepartmentAndStaffRunAQuartersReportingCycle()
    {
        // A plan of 2026 whose first quarter is due: 区科技局 reports on its item, staff return it, it is resubmitted and accepted.
        using var admin = _app.Client(_app.AdminToken);
        var id = "c-" + Guid.NewGuid().ToString("N")[..10];
        var plan = Api.PlanReportTests.NewPlan(id);
        var json = System.Text.Json.JsonSerializer.Serialize(plan).Replace("2025", "2026", StringComparison.Ordinal);
        await HttpAssert.Status(System.Net.HttpStatusCode.Created,
            await admin.PostAsync("/api/plans", new StringContent(json, System.Text.Encoding.UTF8, "application/json")));
        var (department, departmentPassword) = await _app.AccountAsync("department", "district-science", "区科技局 李四");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, department, departmentPassword);
        await page.GotoAsync($"/plan/{id}/quarters/2026Q3");
        var items = page.Locator("[data-test=quarter-items]");
        await Assertions.Expect(items.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(items.Locator("tbody tr").First).ToContainTextAsync("未报送");
        await ConsoleFixture.ShotAsync(page, "61-department-inbox");

        await items.Locator("tbody tr", new() { HasText = "完成A座主体结构" }).GetByRole(AriaRole.Button, new() { Name = "去报送" }).ClickAsync();
        await page.WaitForURLAsync($"**/plan/{id}/items/1?quarter=2026Q3");
        var form = page.Locator("[data-test=report-form]");
        await Assertions.Expect(form.Locator(".el-select")).ToContainTextAsync("2026年第三季度");
        await form.GetByLabel("完成比例").FillAsync("40");
        await form.GetByLabel("进展情况").FillAsync("完成基础施工，主体结构进行中。");
        await form.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
        var reports = page.Locator("[data-test=reports]");
        await Assertions.Expect(reports.Locator("[data-state=submitted]")).ToHaveCountAsync(1);

        // Staff return it with a comment.
        var (staff, staffPassword) = await _app.AccountAsync("staff", displayName: "招商 王五");
        var review = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(review, staff, staffPassword);
        await review.GotoAsync($"/plan/{id}/quarters/2026Q3");
        await Assertions.Expect(review.Locator("[data-test=quarter-departments]")).ToContainTextAsync("区卫健委");
        await review.Locator("[data-test=quarter-items] tbody tr", new() { HasText = "完成A座主体结构" }).GetByRole(AriaRole.Button, new() { Name = "去审核" }).ClickAsync();
        await review.WaitForURLAsync($"**/plan/{id}/items/1?*");
        await review.Locator("[data-test=reports]").GetByRole(AriaRole.Button, new() { Name = "退回" }).ClickAsync();
        await review.Locator(".el-message-box input").FillAsync("请补充施工节点照片");
        await review.Locator(".el-message-box").GetByRole(AriaRole.Button, new() { Name = "退回" }).ClickAsync();
        await Assertions.Expect(review.Locator("[data-test=reports] [data-state=returned]")).ToHaveCountAsync(1);

        // The department corrects and resubmits; staff accept.
        await page.ReloadAsync();
        await Assertions.Expect(reports.Locator("[data-state=returned]")).ToHaveCountAsync(1);
        await reports.GetByRole(AriaRole.Button, new() { Name = "修改" }).ClickAsync();
        await form.GetByLabel("进展情况").FillAsync("完成基础施工，主体结构进行中；附施工节点照片。");
        await form.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
        await Assertions.Expect(reports.Locator("[data-state=submitted]")).ToHaveCountAsync(1);
        await review.ReloadAsync();
        await review.Locator("[data-test=reports]").GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await review.Locator(".el-message-box").GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Assertions.Expect(review.Locator("[data-test=reports] [data-state=accepted]")).ToHaveCountAsync(1);
        await Assertions.Expect(review.Locator("[data-test=reports]")).ToContainTextAsync("第 2 次");
        await ConsoleFixture.ShotAsync(review, "62-item-reports");

        // The 季报 of the quarter, as leadership prints it.
        await review.GotoAsync($"/plan/{id}/quarters/2026Q3/report");
        await Assertions.Expect(review.Locator("[data-test=quarterly-summary]")).ToContainTextAsync("应报送进展 3 项，已报送 1 项，审核通过 1 项");
        await Assertions.Expect(review.Locator("[data-test=quarterly-tasks]")).ToContainTextAsync("附施工节点照片");
        await ConsoleFixture.ShotAsync(review, "63-quarterly-report");
    }

    [Fact]
    public async Task StaffMeetTheDigestAndWorkThroughTheirInbox()
    {
        // An enterprise proposes a change (nothing the cockpit counts changes); the hourly computation runs (here: now).
        using var enterprise = _app.Client(await _app.MintAsync("enterprise", _codes.Other));
        var current = await enterprise.GetAsync($"/api/enterprises/{_codes.Other}");
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{_codes.Other}") { Content = JsonContent.Create(new { nameEn = "Tianjin Two Biomaterials" }) })
        {
            patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
            await HttpAssert.Status(HttpStatusCode.Accepted, await enterprise.SendAsync(patch));
        }

        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsync("/api/admin/inbox/run", null));
        var (username, password) = await _app.AccountAsync("staff", displayName: "招商 孙七");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await Assertions.Expect(page.Locator(".el-notification")).ToContainTextAsync("今日待办");
        await Assertions.Expect(page.Locator("[data-test=inbox-link] .el-badge__content")).ToBeVisibleAsync();
        await page.Locator("[data-test=inbox-link]").ClickAsync();
        var row = page.Locator("[data-test=inbox] tbody tr", new() { HasText = "天津二号生物材料有限公司" });
        await Assertions.Expect(row).ToContainTextAsync("待审核申请");
        await ConsoleFixture.ShotAsync(page, "17-inbox");
        await row.GetByRole(AriaRole.Button, new() { Name = "忽略" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=inbox] tbody tr", new() { HasText = "天津二号生物材料有限公司" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task StaffOpenAFilingAndAnEnterpriseFilesItsYear()
    {
        var (staffName, staffPassword) = await _app.AccountAsync("staff", displayName: "招商 周八");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, staffName, staffPassword);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "年度填报" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发起填报" }).ClickAsync();
        var dialog = page.Locator(".el-dialog", new() { HasText = "发起年度数据填报" });
        await dialog.GetByPlaceholder("全部").FillAsync("");
        var title = "年度数据填报（控制台测试）" + Guid.NewGuid().ToString("N")[..4];
        await dialog.GetByLabel("名称").FillAsync(title);
        await dialog.Locator(".el-checkbox", new() { HasText = "雏鹰" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "发起" }).ClickAsync();
        var filing = page.Locator("[data-test=filing]");
        await Assertions.Expect(filing).ToContainTextAsync(title);
        await Assertions.Expect(filing).ToContainTextAsync("天津一号细胞科技有限公司");

        // The enterprise files from its profile.
        var (username, password) = await _app.AccountAsync("enterprise", _codes.Own, "一号细胞 填报员");
        var own = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(own, username, password);
        await own.WaitForURLAsync($"**/enterprises/{_codes.Own}");
        await own.Locator("[data-test=filings-panel] tbody tr", new() { HasText = title }).GetByRole(AriaRole.Button, new() { Name = "填报" }).ClickAsync();
        await own.GetByLabel("从业人数").Last.FillAsync("101");
        await own.Locator("[data-test=submit-filing]").ClickAsync();
        await Assertions.Expect(own.Locator("[data-test=filings-panel] tbody tr", new() { HasText = title })).ToContainTextAsync("已填报");
        await ConsoleFixture.ShotAsync(own, "18-enterprise-filed");

        await page.ReloadAsync();
        await page.Locator("[data-test=filings] tbody tr", new() { HasText = title }).ClickAsync();
        await Assertions.Expect(filing.Locator("tbody tr", new() { HasText = "天津一号细胞科技有限公司" })).ToContainTextAsync("已填报");
        await ConsoleFixture.ShotAsync(page, "19-filing-progress");

        // The filed figures wait in review; rejected here, so that the profile the other tests read stays as it was.
        var proposals = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Own}/proposals");
        var pending = proposals.EnumerateArray().First(p => p.GetProperty("state").GetString() == "pending");
        var decisions = pending.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetString()!, _ => "reject");
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsJsonAsync($"/api/proposals/{pending.GetProperty("proposalId").GetString()}/review", new { decisions }));
    }

    [Fact]
    public async Task AnEnterpriseKeepsItsEvidenceWithItsProfile()
    {
        var (username, password) = await _app.AccountAsync("enterprise", _codes.Other, "二号材料 填报员");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.WaitForURLAsync($"**/enterprises/{_codes.Other}");
        var files = page.Locator("[data-test=files]").First;
        var name = $"高新技术企业证书-{Guid.NewGuid().ToString("N")[..4]}.pdf";
        await files.Locator("[data-test=file-input]").SetInputFilesAsync(new FilePayload
        {
            Name = name, MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"),
        });
        await Assertions.Expect(files).ToContainTextAsync(name);

        // A program renamed .pdf is refused, saying what it is.
        await files.Locator("[data-test=file-input]").SetInputFilesAsync(new FilePayload { Name = "批件.pdf", MimeType = "application/pdf", Buffer = [(byte)'M', (byte)'Z', 0, 0, 0, 0] });
        await Assertions.Expect(page.Locator(".el-message--error")).ToContainTextAsync("Windows 可执行程序");
        await Assertions.Expect(files).Not.ToContainTextAsync("批件.pdf");
        await ConsoleFixture.ShotAsync(page, "20-evidence-files");
    }

    [Fact]
    public async Task AViewerReadsButHasNoEditButtons()
    {
        var (username, password) = await _app.AccountAsync("viewer");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync($"/enterprises/{_codes.Other}");
        await Assertions.Expect(page.Locator("[data-test=enterprise-name]")).ToHaveTextAsync("天津二号生物材料有限公司");
        // The whole record (another test may have changed the figure): the headcount is there to read.
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await Assertions.Expect(page.Locator("[data-test=edit-profile]")).ToHaveCountAsync(0);
        await ConsoleFixture.ShotAsync(page, "10-viewer-profile");


        await page.GotoAsync("/admin/accounts");
        await page.WaitForURLAsync("**/403");
        await Assertions.Expect(page.GetByText("无权访问").First).ToBeVisibleAsync();
        await ConsoleFixture.ShotAsync(page, "11-viewer-forbidden");
    }

    [Fact]
    public async Task ASaveAfterSomeoneElseSavedShowsWhatChangedAndReapplies()
    {
        var (username, password) = await _app.AccountAsync("staff", displayName: "招商 王五");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync($"/enterprises/{_codes.Other}");
        await page.Locator("[data-test=edit-profile]").ClickAsync();
        await page.Locator(ConsoleFixture.Field("field-headcount")).FillAsync("320");

        // Meanwhile a colleague changes the district through the API.
        var current = await _admin.GetAsync($"/api/enterprises/{_codes.Other}");
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{_codes.Other}") { Content = JsonContent.Create(new { district = "东丽区" }) })
        {
            patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
            await HttpAssert.Status(HttpStatusCode.OK, await _admin.SendAsync(patch));
        }

        await page.Locator("[data-test=save-profile]").ClickAsync();
        var conflict = page.Locator("[data-test=conflict]");
        await Assertions.Expect(conflict).ToContainTextAsync("其他用户已先保存了修改");
        await Assertions.Expect(conflict).ToContainTextAsync("东丽区");
        await Assertions.Expect(conflict).ToContainTextAsync("320");
        await Assertions.Expect(page.Locator(".el-dialog", new() { HasText = "编辑基本信息" })).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(400); // the dialog's opening animation
        await ConsoleFixture.ShotAsync(page, "12-concurrent-save");
        await page.Locator("[data-test=reapply]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveTextAsync("320");

        var stored = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_codes.Other}");
        Assert.Equal((320, "东丽区"), (stored.GetProperty("headcount").GetInt32(), stored.GetProperty("district").GetString()));
    }

    private async Task Created(string path, object body) =>
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync(path, body));
}
