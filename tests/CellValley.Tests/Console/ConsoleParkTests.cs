using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CellValley.Tests.Console;

/// <summary>
/// A park operator's day in the browser, on a service of its own: it lands on its park's lease-status
/// grid, signs a lease from a vacant tile and sees the tile turn let, meets the Chinese conflict message
/// for a lease overlapping an earlier one, and reads the leases, trend and construction progress.
/// </summary>
public sealed class ConsoleParkTests(ConsoleFixture app, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private const string Park = "bio-innovation-center";
    private readonly HttpClient _admin = app.Client(app.AdminToken, language: null);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AParkOperatorSignsALeaseFromTheGrid()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sitting = Codes.NewCode();
        var newcomer = Codes.NewCode();
        await Created("/api/enterprises", new { creditCode = sitting, name = "天津一号细胞科技有限公司", segments = new[] { "细胞治疗" } });
        await Created("/api/enterprises", new { creditCode = newcomer, name = "天津五号抗体药业有限公司", segments = new[] { "抗体" } });
        await Created("/api/parks", new { id = Park, name = "生物医药创新中心", zone = "经开区", occupancyTarget = 0.8, @operator = "滨海生物医药园区运营公司" });
        await Ok(_admin.PostAsJsonAsync($"/api/parks/{Park}/buildings", new { id = "A", name = "A座", floors = 5 }));
        await Ok(_admin.PostAsJsonAsync($"/api/parks/{Park}/buildings", new { id = "B", name = "B座", floors = 3 }));
        foreach (var (unit, building, floor, area, gmp) in new[] { ("A-301", "A", 3, 600, "B"), ("A-302", "A", 3, 400, ""), ("A-401", "A", 4, 800, "C"), ("B-101", "B", 1, 1200, "") })
        {
            await Ok(_admin.PutAsJsonAsync($"/api/parks/{Park}/units/{unit}",
                new { buildingId = building, floor, areaSqm = area, availableSince = "2024-01-01", fitOut = new { gmpGrade = gmp == "" ? null : gmp, cleanRoom = gmp != "", exhaust = true } }));
        }

        await Created($"/api/parks/{Park}/leases", new { tenantCode = sitting, unitId = "A-301", areaSqm = 600, start = "2024-06-01", end = Day(today.AddDays(50)) });
        // A-302 was let for 2024 and has been empty since 2025-01-01.
        await Created($"/api/parks/{Park}/leases", new { tenantCode = sitting, unitId = "A-302", areaSqm = 400, start = "2024-01-01", end = "2025-01-01" });
        await Created($"/api/parks/{Park}/milestones", new { kind = "topped-out", planned = "2023-06-30", actual = "2023-07-15" }, HttpStatusCode.OK);
        await Created($"/api/parks/{Park}/milestones", new { kind = "operating", planned = Day(today.AddMonths(3)) }, HttpStatusCode.OK);

        var (username, password) = await app.AccountAsync("park-operator", Park, "园区招商部 赵六");
        var page = await app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.WaitForURLAsync($"**/parks/{Park}");
        await Assertions.Expect(page.Locator("[data-test=park-name]")).ToHaveTextAsync("生物医药创新中心");
        await Assertions.Expect(page.Locator("[data-unit=A-301]")).ToHaveAttributeAsync("data-state", "let");
        await Assertions.Expect(page.Locator("[data-unit=A-301]")).ToContainTextAsync("天津一号细胞科技有限公司");
        await Assertions.Expect(page.Locator("[data-unit=A-301]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ends-60"));
        await Assertions.Expect(page.Locator("[data-unit=A-302]")).ToHaveAttributeAsync("data-state", "vacant");
        await Assertions.Expect(page.Locator("[data-unit=A-302]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("too-long"));
        await Assertions.Expect(page.Locator("[data-test=park-occupancy]")).ToHaveTextAsync("20%");
        output.WriteLine("grid: " + await ConsoleFixture.ShotAsync(page, "30-park-grid"));

        // A lease backdated into A-302's earlier lease: the conflict, in Chinese, beside the unit.
        await page.Locator("[data-unit=A-302]").ClickAsync();
        var dialog = page.Locator(".el-dialog", new() { HasText = "签订租约：A-302" });
        await dialog.Locator(".el-form-item", new() { HasText = "租户" }).Locator("input").FillAsync(newcomer);
        await dialog.Locator(".el-form-item", new() { HasText = "起租日" }).Locator("input").FillAsync("2024-10-01");
        await dialog.Locator(".el-form-item", new() { HasText = "起租日" }).Locator("input").PressAsync("Enter");
        await dialog.Locator("[data-test=save-lease]").ClickAsync();
        var clash = dialog.Locator("[data-test=lease-clash]");
        await Assertions.Expect(clash).ToContainTextAsync("天津一号细胞科技有限公司：2024年1月1日 至 2025年1月1日");
        output.WriteLine("overlap: " + await ConsoleFixture.ShotAsync(page, "31-park-lease-overlap"));

        // From today: signed, and the tile turns let.
        await dialog.Locator(".el-form-item", new() { HasText = "起租日" }).Locator("input").FillAsync(Day(today));
        await dialog.Locator(".el-form-item", new() { HasText = "起租日" }).Locator("input").PressAsync("Enter");
        await dialog.Locator("[data-test=save-lease]").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-unit=A-302]")).ToHaveAttributeAsync("data-state", "let");
        await Assertions.Expect(page.Locator("[data-unit=A-302]")).ToContainTextAsync("天津五号抗体药业有限公司");
        await Assertions.Expect(page.Locator("[data-test=park-occupancy]")).ToHaveTextAsync("33.3%");
        output.WriteLine("signed: " + await ConsoleFixture.ShotAsync(page, "32-park-grid-signed"));
        var stored = await _admin.GetFromJsonAsync<JsonElement>($"/api/parks/{Park}/leases?state=in-place");
        Assert.Contains(stored.GetProperty("items").EnumerateArray(), l => l.GetProperty("unitId").GetString() == "A-302" && l.GetProperty("tenantCode").GetString() == newcomer);

        // The leases expiring within 60 days, the trend, and the construction progress.
        await page.GetByRole(AriaRole.Tab, new() { Name = "租约" }).ClickAsync();
        await page.Locator("[data-test=lease-expiring]").GetByText("60 天内到期").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=lease-list] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=lease-list] tbody tr")).ToContainTextAsync("A-301");
        await ConsoleFixture.ShotAsync(page, "33-park-leases-expiring");
        await page.GetByRole(AriaRole.Tab, new() { Name = "入驻率" }).ClickAsync();
        await Assertions.Expect(page.Locator(".el-tab-pane:visible canvas")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(500);
        await ConsoleFixture.ShotAsync(page, "34-park-trend");
        await page.GetByRole(AriaRole.Tab, new() { Name = "楼宇与建设进度" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=milestones]")).ToContainTextAsync("实际 2023年7月15日");
        await ConsoleFixture.ShotAsync(page, "35-park-setup");

        // The operator's own park only: another park's grid is refused, and the page says so.
        await Created("/api/parks", new { id = "second-park", name = "第二园区", zone = "中新生态城", occupancyTarget = 0.8 });
        await page.GotoAsync("/parks/second-park");
        await Assertions.Expect(page.Locator(".el-alert--error")).ToContainTextAsync("不能查看本园区的租控情况");
        await Assertions.Expect(page.Locator("[data-unit]")).ToHaveCountAsync(0);
    }

    private async Task Created(string path, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        await HttpAssert.Status(status, await _admin.PostAsJsonAsync(path, body));

    private static async Task Ok(Task<HttpResponseMessage> response) => await HttpAssert.Status(HttpStatusCode.OK, await response);
}
