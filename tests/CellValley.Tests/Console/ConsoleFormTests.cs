using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CellValley.Tests.Console;

/// <summary>
/// The profile's forms in a real browser, on a service of their own (what they record would change the
/// hand-counted cockpit of <see cref="ConsoleTests"/>): staff record a recognition, meeting the API's
/// Chinese field error first, and add a product.
/// </summary>
public sealed class ConsoleFormTests(ConsoleFixture app) : IClassFixture<ConsoleFixture>
{
    private readonly ConsoleFixture _app = app;
    private readonly HttpClient _admin = app.Client(app.AdminToken, language: null);
    private string _code = "";

    [Fact]
    public async Task StaffRecordARecognitionAndAProductFromTheProfile()
    {
        _code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/enterprises",
            new { creditCode = _code, name = "天津四号基因科技有限公司", segments = new[] { "基因治疗" }, foundedOn = "2019-03-01" }));
        var (username, password) = await _app.AccountAsync("staff", displayName: "招商 李四");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync($"/enterprises/{_code}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "梯度培育" }).ClickAsync();
        await page.Locator("[data-test=record-tier]").ClickAsync();
        var dialog = page.Locator(".el-dialog", new() { HasText = "记录梯度认定" });
        await dialog.Locator(".el-select").ClickAsync();
        await page.Locator(".el-select-dropdown__item", new() { HasText = "瞪羚" }).ClickAsync();
        await dialog.GetByPlaceholder("与认定条件判断不一致时必填").FillAsync("按市科技局2025年第二批认定文件录入");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        // Without the recognising department the API names the field, in Chinese, beside it.
        await Assertions.Expect(dialog.Locator(".el-form-item", new() { HasText = "认定部门" }).Locator(".el-form-item__error")).ToContainTextAsync("必填");
        await ConsoleFixture.ShotAsync(page, "13-record-tier-field-error");
        await dialog.GetByPlaceholder("如 天津市科学技术局").FillAsync("天津市科学技术局");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".el-tab-pane .el-table").First).ToContainTextAsync("瞪羚");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        // A clause met by any one of several lists each of them, with its own verdict.
        await Assertions.Expect(page.Locator("[data-test=verdict-eaglet]")).ToContainTextAsync("获得国家高新技术企业认定");
        await ConsoleFixture.ShotAsync(page, "14-tiers-tab");

        await page.GetByRole(AriaRole.Tab, new() { Name = "产品管线" }).ClickAsync();
        await page.Locator("[data-test=add-product]").ClickAsync();
        var add = page.Locator(".el-dialog", new() { HasText = "添加产品" });
        await add.Locator(".el-form-item", new() { HasText = "产品名称" }).Locator("input").FillAsync("YX-CAR-T 注射液");
        await add.Locator(".el-form-item", new() { HasText = "产品类别" }).Locator(".el-select").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible").First.ClickAsync();
        await add.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".el-card", new() { HasText = "YX-CAR-T 注射液" })).ToBeVisibleAsync();
        await ConsoleFixture.ShotAsync(page, "15-products-tab");
        var products = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{_code}/products");
        Assert.Contains(products.EnumerateArray(), p => p.GetProperty("name").GetString() == "YX-CAR-T 注射液");

        // A grant for the product: the funding tab shows what its cap and this year's cap have left.
        var productId = products.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "YX-CAR-T 注射液").GetProperty("id").GetString();
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync($"/api/enterprises/{_code}/funding",
            new { kind = "grant", date = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amount = 300_000, currency = "CNY", category = "preclinical", productId, grantor = "天津市科学技术局" }));
        await page.GetByRole(AriaRole.Tab, new() { Name = "融资" }).ClickAsync();
        var caps = page.Locator("[data-test=grant-caps]");
        await Assertions.Expect(caps.Locator("tr", new() { HasText = "新药临床前研究：YX-CAR-T 注射液" })).ToContainTextAsync("¥70万元");
        await Assertions.Expect(caps.Locator("tr", new() { HasText = "年度资助上限" })).ToContainTextAsync("¥4,970万元");
        await ConsoleFixture.ShotAsync(page, "15a-funding-caps");

        // Relations read as names and kinds, in Chinese.
        var supplier = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/enterprises",
            new { creditCode = supplier, name = "天津载体供应有限公司", segments = new[] { "原材料与试剂耗材" } }));
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/relations",
            new { type = "supplier", from = $"enterprise:{supplier}", to = $"enterprise:{_code}", supplyKind = "慢病毒载体", since = "2024-05-01" }));
        await page.GetByRole(AriaRole.Tab, new() { Name = "关系" }).ClickAsync();
        var relations = page.Locator(".el-tab-pane:visible .el-table");
        await Assertions.Expect(relations).ToContainTextAsync("天津载体供应有限公司（企业）");
        await Assertions.Expect(relations).ToContainTextAsync("天津四号基因科技有限公司（企业）");
        await Assertions.Expect(page.Locator("[data-test=relations-graph] canvas")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(800); // the force layout settles
        await ConsoleFixture.ShotAsync(page, "15b-relations-tab");
    }

    /// <summary>
    /// One enterprise's year, in the browser: a reminder of its filing and of its lapsing recognition, its figures filed, a product
    /// proposed with a note, a document kept with its profile; staff review both proposals; the outcome comes back to it.
    /// </summary>
    [Fact]
    public async Task AnEnterprisesYearFilingAProposalReviewedAReminderAndADocument()
    {
        var code = Codes.NewCode();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = code, name = "天津五号细胞治疗有限公司", segments = new[] { "细胞治疗" }, district = "滨海高新区", foundedOn = "2020-06-01",
            headcount = 60, revenueYuan = 30_000_000, rdSpendYuan = 6_000_000, financialYear = today.Year - 2,
        }));
        // Its 雏鹰 recognition lapses in 60 days; this year's filing closes in 20.
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync($"/api/enterprises/{code}/tiers", new
        {
            tier = "eaglet", recognizedOn = Day(today.AddYears(-3).AddDays(60)), source = "天津市科学技术局", reason = "按认定文件录入",
            validUntil = Day(today.AddDays(60)),
        }));
        var title = $"{today.Year - 1}年度数据填报（五号细胞）";
        await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/filings",
            new { year = today.Year - 1, deadline = Day(today.AddDays(20)), title, scope = new { codes = new[] { code } } }));
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsync("/api/admin/inbox/run", null));

        // The enterprise signs in: the day's digest, and its 待办 holds the filing and the recognition.
        var (username, password) = await _app.AccountAsync("enterprise", code, "五号细胞 填报员");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.WaitForURLAsync($"**/enterprises/{code}");
        await Assertions.Expect(page.Locator(".el-notification")).ToContainTextAsync("今日待办");
        await page.Locator("[data-test=inbox-link]").ClickAsync();
        var inbox = page.Locator("[data-test=inbox]");
        await Assertions.Expect(inbox.Locator("tbody tr", new() { HasText = "年度填报" })).ToHaveCountAsync(1);
        await Assertions.Expect(inbox.Locator("tbody tr", new() { HasText = "认定到期" })).ToHaveCountAsync(1);
        await ConsoleFixture.ShotAsync(page, "21-year-inbox");

        // It files its figures (a proposal), proposes a product with a note, keeps the clinical notice with its profile.
        await page.GotoAsync($"/enterprises/{code}");
        await page.Locator("[data-test=filings-panel] tbody tr", new() { HasText = title }).GetByRole(AriaRole.Button, new() { Name = "填报" }).ClickAsync();
        await page.GetByLabel("从业人数").Last.FillAsync("72");
        await page.GetByLabel("营业收入").Last.FillAsync("4200");
        await page.Locator("[data-test=submit-filing]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=filings-panel] tbody tr", new() { HasText = title })).ToContainTextAsync("已填报");

        var files = page.Locator("[data-test=files]").First;
        await files.Locator("[data-test=file-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "临床试验默示许可通知书.pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"),
        });
        await Assertions.Expect(files).ToContainTextAsync("临床试验默示许可通知书.pdf");
        await ConsoleFixture.ShotAsync(page, "22-year-filed-and-document");

        await page.GetByRole(AriaRole.Tab, new() { Name = "产品管线" }).ClickAsync();
        await page.Locator("[data-test=add-product]").ClickAsync();
        var add = page.Locator(".el-dialog", new() { HasText = "添加产品" });
        await add.Locator(".el-form-item", new() { HasText = "产品名称" }).Locator("input").FillAsync("WH-CAR-T 注射液");
        await add.Locator(".el-form-item", new() { HasText = "产品类别" }).Locator(".el-select").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new() { HasText = "CAR-T" }).First.ClickAsync();
        await add.Locator(".el-form-item", new() { HasText = "当前阶段" }).Locator(".el-select").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new() { HasText = "获得临床批件" }).ClickAsync();
        await add.Locator(".el-form-item", new() { HasText = "审核说明" }).Locator("input").FillAsync("已获临床试验默示许可，通知书见佐证材料");
        await add.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".el-message", new() { HasText = "已提交审核" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=products-pending]")).ToContainTextAsync("1 项产品申请待工作人员审核");
        await Assertions.Expect(page.Locator(".el-card", new() { HasText = "WH-CAR-T 注射液" })).ToHaveCountAsync(0);
        await ConsoleFixture.ShotAsync(page, "23-year-product-proposed");

        // Staff review both in 信息审核: the product accepted as proposed, the figures in part.
        var (staffName, staffPassword) = await _app.AccountAsync("staff", displayName: "招商 吴九");
        var review = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(review, staffName, staffPassword);
        // Staff's own digest (the recognition lapsing) greets them; closed, it leaves the review in view.
        await review.Locator(".el-notification", new() { HasText = "今日待办" }).Locator(".el-notification__closeBtn").ClickAsync();
        await review.GetByRole(AriaRole.Menuitem, new() { Name = "信息审核" }).ClickAsync();
        var queue = review.Locator("[data-test=proposal-queue] tbody tr", new() { HasText = "天津五号细胞治疗有限公司" });
        await Assertions.Expect(queue).ToHaveCountAsync(2);
        await queue.Filter(new() { HasText = "新增产品" }).ClickAsync();
        var fields = review.Locator("[data-test=proposal-fields]");
        await Assertions.Expect(fields).ToContainTextAsync("名称：WH-CAR-T 注射液");
        await Assertions.Expect(fields).ToContainTextAsync("阶段：获得临床批件/默示许可");
        await Assertions.Expect(review.Locator(".el-drawer")).ToContainTextAsync("已获临床试验默示许可");
        await ConsoleFixture.ShotAsync(review, "24-year-product-review");
        await review.Locator("[data-test=submit-review]").ClickAsync();
        await Assertions.Expect(review.Locator(".el-message", new() { HasText = "已审核：已通过" })).ToHaveCountAsync(1);

        await queue.Filter(new() { HasText = "从业人数" }).ClickAsync();
        await review.GetByLabel("审核 营业收入").GetByText("不通过").ClickAsync();
        // The year the figures are for goes with them.
        await Assertions.Expect(review.GetByLabel("审核 财务年度").Locator(".is-active")).ToHaveTextAsync("不通过");
        await review.GetByLabel("审核意见").FillAsync("营业收入请附年度审计报告后再报");
        await review.Locator("[data-test=submit-review]").ClickAsync();
        await Assertions.Expect(review.Locator(".el-message", new() { HasText = "已审核：部分通过" })).ToHaveCountAsync(1);

        // The outcome comes back: the product in the pipeline, the headcount on the profile, the rejected figure in its 待办.
        await HttpAssert.Status(HttpStatusCode.OK, await _admin.PostAsync("/api/admin/inbox/run", null));
        await page.GotoAsync($"/enterprises/{code}");
        await Assertions.Expect(page.Locator("[data-test=headcount]")).ToHaveTextAsync("72");
        await Assertions.Expect(page.Locator("[data-test=proposals] [data-state=partly-accepted]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=proposals]")).ToContainTextAsync("营业收入请附年度审计报告后再报");
        await ConsoleFixture.ShotAsync(page, "25-year-outcome");
        await page.GetByRole(AriaRole.Tab, new() { Name = "产品管线" }).ClickAsync();
        await Assertions.Expect(page.Locator(".el-card", new() { HasText = "WH-CAR-T 注射液" })).ToContainTextAsync("获得临床批件/默示许可");
        await page.Locator("[data-test=inbox-link]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=inbox] tbody tr", new() { HasText = "部分通过审核" })).ToHaveCountAsync(1);
        // Filed, the filing has left its 待办; the lapsing recognition stays until it is renewed or dismissed.
        await Assertions.Expect(page.Locator("[data-test=inbox] tbody tr", new() { HasText = "年度填报" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=inbox] tbody tr", new() { HasText = "认定到期" })).ToHaveCountAsync(1);
        await ConsoleFixture.ShotAsync(page, "26-year-inbox-after-review");

        // As stored: the revenue unchanged, the product added in the reviewer's name for the enterprise, the document's upload attributed.
        var record = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{code}");
        Assert.Equal((72, 30_000_000m, today.Year - 2), (record.GetProperty("headcount").GetInt32(), record.GetProperty("revenueYuan").GetDecimal(),
            record.GetProperty("financialYear").GetInt32()));
        var product = (await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{code}/products")).EnumerateArray().Single();
        var history = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{code}/products/{product.GetProperty("id").GetString()}/history");
        var added = history.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ProductAdded");
        Assert.Contains(added.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "proposedBy" && c.GetProperty("to").GetString() == "五号细胞 填报员");
        var documents = await _admin.GetFromJsonAsync<JsonElement>($"/api/files?attachedTo=enterprise:{code}");
        Assert.Contains(documents.EnumerateArray(), f => f.GetProperty("name").GetString() == "临床试验默示许可通知书.pdf");
    }

    [Fact]
    public async Task AnAdminCreatesAnAccountAndHandsOverItsTemporaryPassword()
    {
        var (username, password) = await _app.AccountAsync("admin", displayName: "系统管理员 孙七");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync("/admin/accounts");
        await page.Locator("[data-test=new-account]").ClickAsync();
        await page.Locator(ConsoleFixture.Field("account-username")).FillAsync("Qian Ba");
        await page.Locator(ConsoleFixture.Field("account-name")).FillAsync("招商 钱八");
        await page.Locator("[data-test=create-account]").ClickAsync();
        await Assertions.Expect(page.Locator(".el-dialog .el-form-item__error")).ToContainTextAsync("小写字母");
        await ConsoleFixture.ShotAsync(page, "16-account-field-error");

        await page.Locator(ConsoleFixture.Field("account-username")).FillAsync("qian.ba");
        await page.Locator("[data-test=create-account]").ClickAsync();
        var temporary = page.Locator("[data-test=temporary-password]");
        await Assertions.Expect(temporary).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9]{12}$"));
        await ConsoleFixture.ShotAsync(page, "17-account-created");
        var handedOver = await temporary.TextContentAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "已记下" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=accounts]")).ToContainTextAsync("招商 钱八");
        await Assertions.Expect(page.Locator("[data-test=accounts]")).ToContainTextAsync("待改密码");
        await ConsoleFixture.ShotAsync(page, "18-accounts");

        // The new colleague signs in with what was handed over and is asked for a password of their own.
        var colleague = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(colleague, "qian.ba", handedOver!);
        await colleague.WaitForURLAsync("**/password");
    }

    [Fact]
    public async Task StaffMergeADuplicateFromItsProfile()
    {
        var survivor = Codes.NewCode();
        var duplicate = Codes.NewCode();
        foreach (var code in new[] { survivor, duplicate })
        {
            await HttpAssert.Status(HttpStatusCode.Created, await _admin.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = "天津五号细胞科技有限公司", segments = new[] { "细胞治疗" }, foundedOn = "2020-05-01" }));
        }

        var (username, password) = await _app.AccountAsync("staff", displayName: "招商 周九");
        var page = await _app.PageAsync();
        await ConsoleFixture.SignInAsync(page, username, password);
        await page.GotoAsync($"/enterprises/{duplicate}");
        await page.Locator("[data-test=lifecycle]").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "合并到其他记录" }).ClickAsync();
        var dialog = page.Locator(".el-dialog", new() { HasText = "合并到其他记录" });
        await dialog.GetByPlaceholder("18 位统一社会信用代码").FillAsync(survivor.ToLowerInvariant());
        await dialog.GetByPlaceholder("如 信用代码录错，重复登记").FillAsync("信用代码录错，重复登记");
        await ConsoleFixture.ShotAsync(page, "19-merge-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "合并" }).ClickAsync();
        await page.Locator(".el-message-box").GetByRole(AriaRole.Button, new() { Name = "合并" }).ClickAsync();
        await page.WaitForURLAsync($"**/enterprises/{survivor}");

        await page.GotoAsync($"/enterprises/{duplicate}");
        await Assertions.Expect(page.GetByText("本记录已并入")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=edit-profile]")).ToHaveCountAsync(0);
        await ConsoleFixture.ShotAsync(page, "20-merged-duplicate");
        var merged = await _admin.GetFromJsonAsync<JsonElement>($"/api/enterprises/{duplicate}");
        Assert.Equal(survivor, merged.GetProperty("status").GetProperty("mergedInto").GetString());
    }
    [Fact]
    public async Task StaffCheckAndImportARosterFromAWorkbook()
    {
        var code = Codes.NewCode();
        string[] headers = ["统一社会信用代码", "企业名称", "细分领域", "成立日期", "从业人数"];
        var file = Path.Combine(Path.GetTempPath(), $"名录-{Guid.NewGuid():N}.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(file, new[]
        {
            headers.Zip(new object?[] { code, "天津名录导入生物有限公司", "细胞治疗、干细胞", "2021年6月1日", 36 }).ToDictionary(p => p.First, p => p.Second),
            headers.Zip(new object?[] { "91120116MA05KX4H3X", "代码有误公司", "抗体", null, null }).ToDictionary(p => p.First, p => p.Second),
        });
        try
        {
            var (username, password) = await _app.AccountAsync("staff", displayName: "招商 吴十");
            var page = await _app.PageAsync();
            await ConsoleFixture.SignInAsync(page, username, password);
            await page.GotoAsync("/imports/enterprises");
            await page.Locator("[data-test=upload] input[type=file]").SetInputFilesAsync(file);
            await page.Locator("[data-test=dry-run]").ClickAsync();
            var report = page.Locator("[data-test=import-report]");
            await Assertions.Expect(report).ToContainTextAsync("检查结果（尚未导入）");
            await Assertions.Expect(report.Locator("tbody tr", new() { HasText = code })).ToContainTextAsync("新增");
            await Assertions.Expect(report.Locator("tbody tr", new() { HasText = "91120116MA05KX4H3X" })).ToContainTextAsync("统一社会信用代码：");
            await ConsoleFixture.ShotAsync(page, "50-import-dry-run");

            // The check as a workbook to correct: the sheet with 检查结果 and 错误原因.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=download-report]").ClickAsync());
            var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
            await download.SaveAsAsync(saved);
            var checkedRows = MiniExcelLibs.MiniExcel.Query(saved, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
            File.Delete(saved);
            Assert.Equal(["新增", "未通过"], checkedRows.Select(r => (string?)r["检查结果"]));
            Assert.StartsWith("统一社会信用代码：", (string?)checkedRows[1]["错误原因"]);
            await HttpAssert.Problem(HttpStatusCode.NotFound, await _admin.GetAsync($"/api/enterprises/{code}"));

            await page.Locator("[data-test=commit]").ClickAsync();
            await Assertions.Expect(report).ToContainTextAsync("导入已完成（编号");
            await ConsoleFixture.ShotAsync(page, "51-import-done");
            var imported = await HttpAssert.Status(HttpStatusCode.OK, await _admin.GetAsync($"/api/enterprises/{code}"));
            Assert.Equal(("天津名录导入生物有限公司", "2021-06-01", 36), (imported.GetProperty("name").GetString(), imported.GetProperty("foundedOn").GetString(), imported.GetProperty("headcount").GetInt32()));
            await report.Locator("tbody tr", new() { HasText = code }).GetByRole(AriaRole.Link).ClickAsync();
            await page.WaitForURLAsync($"**/enterprises/{code}");

            // The import is in the history; reverting it withdraws what it created.
            await page.GotoAsync("/imports/enterprises");
            var history = page.Locator("[data-test=import-history] tbody tr", new() { HasText = Path.GetFileName(file) });
            await Assertions.Expect(history).ToContainTextAsync("已完成");
            await ConsoleFixture.ShotAsync(page, "52-import-history");
            await history.Locator("[data-test=revert]").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "撤销导入" }).ClickAsync();
            await Assertions.Expect(page.Locator(".el-message--success")).ToContainTextAsync("已撤销：撤回 1 条记录");
            await Assertions.Expect(history).ToContainTextAsync("已撤销");
            await HttpAssert.Problem(HttpStatusCode.NotFound, await _admin.GetAsync($"/api/enterprises/{code}"));

            // The other sheets are a tab away, each with its own template.
            await page.GetByRole(AriaRole.Tab, new() { Name = "租约台账" }).ClickAsync();
            await page.WaitForURLAsync("**/imports/leases");
            await Assertions.Expect(page.Locator("[data-test=template]")).ToHaveAttributeAsync("href", "/api/imports/leases/template");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
