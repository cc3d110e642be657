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

        // The signed lead lands through the wizard on the matched unit.
        await page.Locator($"[data-lead={signed}]").ClickAsync();
        await page.WaitForURLAsync($"**/leads/{signed}");
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
        await wizard.GetByRole(AriaRole.Button, new() { Name = "查看企业档案" }).ClickAsync();
        await page.WaitForURLAsync($"**/enterprises/{code}");
        await Assertions.Expect(page.Locator("[data-test=enterprise-name]")).ToHaveTextAsync("天津七号细胞科技有限公司");
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
