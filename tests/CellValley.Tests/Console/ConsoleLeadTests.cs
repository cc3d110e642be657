using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CellValley.Tests.Console;

/// <summary>
/// A 招商 staff member's day in the browser, on a service of its own: the board shows their leads by stage,
/// dragging a card forward moves the lead, dragging it back asks why, and a signed lead lands through the
/// wizard — the enterprise registered and the matched unit let, in one action.
/// </summary>
public sealed class ConsoleLeadTests(ConsoleFixture app, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private const string Park = "bio-innovation-center";
    private readonly HttpClient _admin = app.Client(app.AdminToken, language: null);

    [Fact]
    public async Task StaffMoveLeadsOnTheBoardAndLandOneThroughTheWizard()
    {
        await Post("/api/parks", new { id = Park, name = "生物医药创新中心", zone = "经开区", occupancyTarget = 0.8 });
        await Post($"/api/parks/{Park}/buildings", new { id = "A", name = "A座" }, HttpStatusCode.OK);
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PutAsJsonAsync($"/api/parks/{Park}/units/A-501",
            new { buildingId = "A", floor = 5, areaSqm = 450, availableSince = "2024-01-01", fitOut = new { gmpGrade = "B", cleanRoom = true, exhaust = true } }));

        var (username, password) = await app.AccountAsync("staff", displayName: "招商 孙八");
        var people = await _admin.GetFromJsonAsync<JsonElement>("/api/people");
        var me = people.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "招商 孙八").GetProperty("id").GetString();

        var visiting = await Lead("天津六号抗体药业有限公司", null, me!, "contact", "visit");
        var code = Codes.NewCode();
        var signed = await Lead("天津七号细胞科技有限公司", code, me!, "contact", "visit", "negotiation", "signed");

        var page = await app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync("/leads");
        var column = (string stage) => page.Locator($"[data-test=lead-board] [data-stage={stage}]");
        await Assertions.Expect(column("visit")).ToContainTextAsync("天津六号抗体药业有限公司");
        await Assertions.Expect(column("signed")).ToContainTextAsync("天津七号细胞科技有限公司");
        output.WriteLine("board: " + await ConsoleFixture.ShotAsync(page, "40-leads-board"));

        // Forward: dragged to 洽谈.
        await page.Locator($"[data-lead={visiting}]").DragToAsync(column("negotiation"));
        await Assertions.Expect(column("negotiation")).ToContainTextAsync("天津六号抗体药业有限公司");
        Assert.Equal("negotiation", (await _admin.GetFromJsonAsync<JsonElement>($"/api/leads/{visiting}")).GetProperty("stage").GetString());

        // Back: the reason is asked for, and kept.
        await page.Locator($"[data-lead={visiting}]").DragToAsync(column("contact"));
        var ask = page.Locator(".el-message-box", new() { HasText = "退回阶段" });
        await Assertions.Expect(ask).ToContainTextAsync("从“洽谈”退回“接洽”");
        await ask.Locator("input").FillAsync("对方预算冻结，需重新接洽");
        output.WriteLine("reason asked: " + await ConsoleFixture.ShotAsync(page, "41-lead-back-reason"));
        await ask.GetByRole(AriaRole.Button, new() { Name = "退回" }).ClickAsync();
        await Assertions.Expect(column("contact")).ToContainTextAsync("天津六号抗体药业有限公司");
        var moved = await _admin.GetFromJsonAsync<JsonElement>($"/api/leads/{visiting}");
        Assert.Equal("对方预算冻结，需重新接洽", moved.GetProperty("stages").EnumerateArray().Last().GetProperty("reason").GetString());

        // A card's status, set from the card: delayed, with the reason.
        await page.Locator($"[data-lead={visiting}] [data-test=card-status]").ClickAsync();
        await page.Locator(".el-dropdown-menu__item:visible", new() { HasText = "延期" }).ClickAsync();
        var why = page.Locator(".el-message-box", new() { HasText = "设置状态" });
        await why.Locator("input").FillAsync("企业年底决策，顺延至明年一季度");
        await why.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-lead={visiting}]")).ToContainTextAsync("延期");
        var delayed = await _admin.GetFromJsonAsync<JsonElement>($"/api/leads/{visiting}");
        Assert.Equal(("delayed", "企业年底决策，顺延至明年一季度"), (delayed.GetProperty("status").GetString(), delayed.GetProperty("statusReason").GetString()));

        // The signed lead lands through the wizard on the matched unit.
        // The board has just reloaded after the status change: a click on a card being redrawn can be lost, so it is tried again.
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator($"[data-lead={signed}] .company").ClickAsync();
            try
            {
                await page.WaitForURLAsync($"**/leads/{signed}", new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (page.Url.Contains($"/leads/{signed}", StringComparison.Ordinal))
            {
                // The navigation happened, only slowly: the lead's page is open.
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }

        await Assertions.Expect(page.Locator("[data-test=space-matches]")).ToContainTextAsync("A-501");
        output.WriteLine("lead page: " + await ConsoleFixture.ShotAsync(page, "42-lead-page"));
        await page.Locator("[data-test=start-landing]").ClickAsync();
        var wizard = page.Locator(".el-dialog", new() { HasText = "办理落地" });
        await Assertions.Expect(wizard.Locator(".el-form-item", new() { HasText = "统一社会信用代码" }).Locator("input")).ToHaveValueAsync(code);
        await wizard.Locator("[data-test=landing-next]").ClickAsync();
        await wizard.GetByText("生物医药创新中心 A-501").ClickAsync();
        await ConsoleFixture.ShotAsync(page, "43-landing-unit");
        await wizard.Locator("[data-test=landing-next]").ClickAsync();
        await Assertions.Expect(wizard).ToContainTextAsync("签订租约：生物医药创新中心 A-501");
        await wizard.Locator("[data-test=landing-submit]").ClickAsync();
        await Assertions.Expect(wizard.Locator("[data-test=landing-done]")).ToContainTextAsync("天津七号细胞科技有限公司");
        output.WriteLine("landed: " + await ConsoleFixture.ShotAsync(page, "44-landing-done"));

        var enterprise = await HttpAssert.Status(HttpStatusCode.OK, await _admin.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal("天津七号细胞科技有限公司", enterprise.GetProperty("name").GetString());
        var grid = await _admin.GetFromJsonAsync<JsonElement>($"/api/parks/{Park}/tenancy");
        var unit = grid.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitId").GetString() == "A-501");
        Assert.Equal(code, unit.GetProperty("leases")[0].GetProperty("tenantCode").GetString());

        // From the result to the new enterprise's profile.
        // A click while the dialog is still settling can be swallowed on a loaded machine: press again if nothing happened.
        for (var attempt = 1; ; attempt++)
        {
            await wizard.GetByRole(AriaRole.Button, new() { Name = "查看企业档案" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync($"**/enterprises/{code}", new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (page.Url.Contains($"/enterprises/{code}", StringComparison.Ordinal))
            {
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
        await Assertions.Expect(page.Locator("[data-test=enterprise-name]")).ToHaveTextAsync("天津七号细胞科技有限公司");
    }

    [Fact]
    public async Task StaffReadAPlatformsLifeAndAnEnterprisesRelations()
    {
        var (cell, reagent, cro) = (Codes.NewCode(), Codes.NewCode(), Codes.NewCode());
        await Post("/api/enterprises", new { creditCode = cell, name = "天津八号细胞科技有限公司", segments = new[] { "细胞治疗" } });
        await Post("/api/enterprises", new { creditCode = reagent, name = "天津九号试剂有限公司", segments = new[] { "原材料与试剂耗材" } });
        await Post("/api/enterprises", new { creditCode = cro, name = "天津十号医药研发服务有限公司", segments = new[] { "CRO/CDMO 外包服务" } });
        await Post("/api/platforms", new { id = "cell-pilot", name = "细胞制备中试平台", kind = "pilot-plant", @operator = "滨海细胞谷运营公司", status = "planned", since = "2024-01-01" });
        await Post("/api/platforms/cell-pilot/status", new { status = "building", since = "2024-06-01" }, HttpStatusCode.OK);
        await Post("/api/platforms/cell-pilot/status", new { status = "operating", since = "2025-03-01" }, HttpStatusCode.OK);
        await Post("/api/relations", new { type = "supplier", from = $"enterprise:{reagent}", to = $"enterprise:{cell}", supplyKind = "细胞培养基", since = "2024-05-01" });
        await Post("/api/relations", new { type = "cro", from = $"enterprise:{cro}", to = $"enterprise:{cell}", disclosure = "inferred", since = "2025-01-01" });
        await Post("/api/relations", new { type = "uses-platform", from = $"enterprise:{cell}", to = "platform:cell-pilot", since = "2025-04-01" });

        var (username, password) = await app.AccountAsync("viewer", displayName: "区领导 周九");
        var page = await app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync("/platforms");
        await page.Locator("[data-test=platform-list] tbody tr", new() { HasText = "细胞制备中试平台" }).ClickAsync();
        var drawer = page.Locator("[data-test=platform-detail]");
        await Assertions.Expect(drawer.Locator("[data-test=platform-timeline]")).ToContainTextAsync("运营中");
        await Assertions.Expect(drawer.Locator("[data-test=platform-timeline]")).ToContainTextAsync("建设中");
        await Assertions.Expect(drawer.Locator("[data-test=platform-served]")).ToContainTextAsync("天津八号细胞科技有限公司");
        output.WriteLine("platform: " + await ConsoleFixture.ShotAsync(page, "45-platform-detail"));

        await page.GotoAsync($"/graph?entity=enterprise:{cell}");
        await Assertions.Expect(page.Locator("[data-test=graph-chart] canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".el-card__header", new() { HasText = "天津八号细胞科技有限公司" })).ToBeVisibleAsync();
        var report = page.Locator("[data-test=single-supplier] tbody tr", new() { HasText = "天津八号细胞科技有限公司" });
        await Assertions.Expect(report).ToContainTextAsync("细胞培养基");
        await Assertions.Expect(report).ToContainTextAsync("天津九号试剂有限公司");
        await page.WaitForTimeoutAsync(900); // the force layout settles
        output.WriteLine("graph: " + await ConsoleFixture.ShotAsync(page, "46-relations-graph"));

        // Only supplier relations: the graph is asked again with that type.
        var asked = page.WaitForRequestAsync(r => r.Url.Contains("/api/graph") && System.Text.RegularExpressions.Regex.IsMatch(r.Url, "types=supplier(&|$)"));
        foreach (var other in new[] { "CRO 服务", "CDMO 服务", "CMO 服务", "投资", "许可", "合作", "产学研医合作", "使用平台" })
        {
            await page.Locator(".el-checkbox", new() { HasText = other }).First.ClickAsync();
        }

        await asked;
    }

    private async Task<string> Lead(string company, string? creditCode, string owner, params string[] stages)
    {
        var created = await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/leads", new
        {
            company, creditCode, segment = "抗体", chainLink = "抗体", source = "forum", likelihood = 0.6, ownerId = owner, openedOn = "2026-01-05",
            space = new { areaSqm = 400, preferredParkId = Park, fitOut = new { gmpGrade = "B", cleanRoom = true } },
        }));
        var id = created.GetProperty("id").GetString()!;
        var day = new DateOnly(2026, 2, 1);
        foreach (var stage in stages)
        {
            await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage, since = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
            day = day.AddMonths(1);
        }

        return id;
    }

    private async Task Post(string path, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        await HttpAssert.Status(status, await _admin.PostAsJsonAsync(path, body));
}
