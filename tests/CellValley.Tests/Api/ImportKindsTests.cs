using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using MiniExcelLibs;
using static CellValley.Tests.Infrastructure.ImportClient;

namespace CellValley.Tests.Api;

/// <summary>
/// The other sheets people keep — a pipeline, a rent roll, a lead sheet — imported through the grains' rules,
/// in the background with their progress recorded, and an import's creations reverted as a whole.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportKindsTests(ApiFixture api)
{
    [Fact]
    public async Task AProductSheetAddsProductsAtTheirStageAndMovesKnownOnesForward()
    {
        var client = api.Client(api.AdminToken, language: null);
        var code = await ParkBuilder.EnterpriseAsync(client, "管线导入生物");
        string[] headers = ["统一社会信用代码", "产品名称", "产品类别", "阶段", "进入阶段日期"];
        var first = await CommitAsync(client, "products", Workbook(headers,
            [code, "CV-201 注射液", "CAR-T 细胞治疗", "I期临床", "2025-03-01"],
            [code, "CV-202", "抗体药物", null, null],
            [Codes.NewCode(), "无主产品", "抗体药物", null, null],
            [code, "CV-203", "仙丹", null, null]));
        Assert.Equal(["created", "created", "refused", "refused"], Outcomes(first));
        Assert.Contains("尚未登记", Problems(first, 2));
        Assert.StartsWith("产品类别：应为以下之一", Problems(first, 3));
        var products = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/products"));
        var cv201 = products.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "CV-201 注射液");
        Assert.Equal(("phase-1", "2025-03-01"), (cv201.GetProperty("stage").GetString(), cv201.GetProperty("stageDate").GetString()));

        // The same sheet again changes nothing; a later stage moves the product, an earlier one is refused.
        Assert.Equal(["unchanged"], Outcomes(await DryRunAsync(client, "products", Workbook(headers, [code, "CV-201 注射液", "CAR-T 细胞治疗", "I期临床", "2025-03-01"]))));
        var second = await CommitAsync(client, "products", Workbook(headers,
            [code, "CV-201 注射液", "CAR-T 细胞治疗", "II期临床", "2025-09-01"],
            [code, "CV-202", "抗体药物", "药物发现", null]));
        Assert.Equal(["updated", "unchanged"], Outcomes(second));
        var moved = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/products")))
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "CV-201 注射液");
        Assert.Equal("phase-2", moved.GetProperty("stage").GetString());
        var back = await DryRunAsync(client, "products", Workbook(headers, [code, "CV-201 注射液", "CAR-T 细胞治疗", "临床前研究", null]));
        Assert.Contains("不能从“II期临床”后退", Problems(back, 0));

        // The first import's CV-201 moved on since: its revert is refused. A fresh import is reverted: its product leaves the pipeline.
        var refused = await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{first.GetProperty("importId").GetString()}/revert", null));
        Assert.Contains("已被修改", refused.GetProperty("detail").GetString());
        var third = await CommitAsync(client, "products", Workbook(headers, [code, "CV-204", "抗体药物", null, null]));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{third.GetProperty("importId").GetString()}/revert", null));
        var left = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/products"));
        Assert.Equal(["CV-201 注射液", "CV-202"], left.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/products?code={code}"));
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ARentRollSignsLeasesCorrectsChangedOnesAndTheImportCanBeReverted()
    {
        var client = api.Client(api.AdminToken, language: null);
        var park = await ParkBuilder.CreateAsync(client, ("A-101", 300m, "2024-01-01"), ("A-102", 200m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client, "台账租户生物");
        string[] headers = ["园区", "单元", "统一社会信用代码", "面积（㎡）", "起租日", "退租日"];
        var imported = await CommitAsync(client, "leases", Workbook(headers,
            [park, "A-101", tenant, 300, "2025-01-01", "2028-01-01"],
            [park, "A-102", tenant, 250, "2025-01-01", "2028-01-01"],
            [park, "A-109", tenant, 100, "2025-01-01", "2028-01-01"]));
        Assert.Equal(["created", "refused", "refused"], Outcomes(imported));
        Assert.StartsWith("面积（㎡）：", Problems(imported, 1));
        Assert.Contains("没有这个单元", Problems(imported, 2));
        var leases = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases"));
        Assert.Equal(1, leases.GetProperty("total").GetInt32());

        // The roll again, one lease's end changed: corrected (the old entry voided and replaced).
        var corrected = await CommitAsync(client, "leases", Workbook(headers, [park, "A-101", tenant, 300, "2025-01-01", "2027-01-01"]));
        Assert.Equal(["updated"], Outcomes(corrected));
        Assert.Equal(["退租日"], corrected.GetProperty("items")[0].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        // The first import's lease was replaced since: its revert is refused and changes nothing.
        var refused = await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{imported.GetProperty("importId").GetString()}/revert", null));
        Assert.Contains("已被作废或更正", refused.GetProperty("detail").GetString());

        // A fresh import of the other unit is reverted as a whole: its lease is voided.
        var fresh = await CommitAsync(client, "leases", Workbook(headers, [park, "A-102", tenant, 200, "2025-02-01", "2026-02-01"]));
        Assert.True(fresh.GetProperty("revertible").GetBoolean());
        var reverted = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{fresh.GetProperty("importId").GetString()}/revert", null));
        Assert.Equal(1, reverted.GetProperty("reverted").GetInt32());
        var inPlace = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases?state=voided"));
        Assert.Contains(inPlace.GetProperty("items").EnumerateArray(), l => l.GetProperty("unitId").GetString() == "A-102");
        await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{fresh.GetProperty("importId").GetString()}/revert", null));
    }

    [Fact]
    public async Task ALeadSheetOpensLeadsForTheImporterAtTheirStageAndMovesThemOn()
    {
        var client = api.Client(await api.MintAsync(CellValley.Api.Auth.ApiRoles.Staff), language: null);
        var company = "线索导入基因" + Guid.NewGuid().ToString("N")[..6];
        string[] headers = ["企业 / 项目", "细分领域", "线索来源", "阶段", "预计投资（万元）", "落地可能性"];
        var opened = await CommitAsync(client, "leads", Workbook(headers,
            [company, "基因治疗", "展会", "接洽", 5000, "60%"],
            [company, "基因治疗", "展会", "接洽", 5000, "60%"],
            ["来源不明生物", "基因治疗", "路边", null, null, null]));
        Assert.Equal(["created", "refused", "refused"], Outcomes(opened));
        Assert.Contains("与第 2 行是同一家企业", Problems(opened, 1));
        Assert.StartsWith("线索来源：应为以下之一", Problems(opened, 2));
        var id = opened.GetProperty("items")[0].GetProperty("key").GetString()!.Split(' ')[^1];
        var lead = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}"));
        Assert.Equal(("contact", 50_000_000m, 0.6m), (lead.GetProperty("stage").GetString(), lead.GetProperty("estimatedInvestmentYuan").GetDecimal(), lead.GetProperty("likelihood").GetDecimal()));
        Assert.False(string.IsNullOrEmpty(lead.GetProperty("ownerName").GetString()));

        var moved = await CommitAsync(client, "leads", Workbook(headers, [company, "基因治疗", "展会", "考察", 8000, null]), "update");
        Assert.Equal(["updated"], Outcomes(moved));
        lead = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}"));
        Assert.Equal(("visit", 80_000_000m), (lead.GetProperty("stage").GetString(), lead.GetProperty("estimatedInvestmentYuan").GetDecimal()));

        // The lead moved on since it was opened: that import is not reverted. A fresh one is: its lead leaves the pipeline.
        await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{opened.GetProperty("importId").GetString()}/revert", null));
        var other = "撤回线索生物" + Guid.NewGuid().ToString("N")[..6];
        var fresh = await CommitAsync(client, "leads", Workbook(headers, [other, "抗体", "网络", null, null, null]));
        var freshId = fresh.GetProperty("items")[0].GetProperty("key").GetString()!.Split(' ')[^1];
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{fresh.GetProperty("importId").GetString()}/revert", null));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/leads/{freshId}"));
        var board = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/leads?pageSize=200"));
        Assert.DoesNotContain(board.GetProperty("items").EnumerateArray(), l => l.GetProperty("leadId").GetString() == freshId);
    }

    [Fact]
    public async Task AnEnterpriseImportIsRevertedAsAWholeOnlyWhileNothingChangedItsRecords()
    {
        var client = api.Client(api.AdminToken, language: null);
        string[] headers = ["统一社会信用代码", "企业名称", "细分领域", "梯度", "认定日期"];
        var (a, b) = (Codes.NewCode(), Codes.NewCode());
        var first = await CommitAsync(client, "enterprises", Workbook(headers, [a, "撤销甲生物", "抗体", "雏鹰", "2024-06-30"], [b, "撤销乙生物", "抗体", null, null]));
        Assert.Equal(["created", "created"], Outcomes(first));
        var withTier = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{a}"));
        Assert.Equal("eaglet", withTier.GetProperty("tier").GetString());

        // Someone edits one of them: the revert is refused, naming it, and neither is withdrawn.
        var edit = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{b}") { Content = JsonContent.Create(new { headcount = 12 }) };
        edit.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(edit));
        var refused = await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{first.GetProperty("importId").GetString()}/revert", null));
        Assert.Contains(b, refused.GetProperty("detail").GetString());
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{a}"));

        // A second import, untouched since, is reverted: its records leave the registry, and the codes can be imported again.
        var (c, d) = (Codes.NewCode(), Codes.NewCode());
        var second = await CommitAsync(client, "enterprises", Workbook(headers, [c, "撤销丙生物", "抗体", "瞪羚", "2024-06-30"], [d, "撤销丁生物", "细胞治疗", null, null]));
        var reverted = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{second.GetProperty("importId").GetString()}/revert", null));
        Assert.Equal(2, reverted.GetProperty("reverted").GetInt32());
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{c}"));
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises?q={Uri.EscapeDataString("撤销丙生物")}"));
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{c}/history"));
        Assert.Equal("EnterpriseWithdrawn", history.EnumerateArray().Last().GetProperty("type").GetString());
        var again = await CommitAsync(client, "enterprises", Workbook(headers, [c, "撤销丙生物（重录）", "抗体", null, null]), "create");
        Assert.Equal(["created"], Outcomes(again));
        var redone = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{c}"));
        Assert.Equal(("撤销丙生物（重录）", "none"), (redone.GetProperty("name").GetString(), redone.GetProperty("tier").GetString()));

        // The history lists both imports, the reverted one saying so.
        var imports = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/imports?kind=enterprises&pageSize=50"));
        var row = imports.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("importId").GetString() == second.GetProperty("importId").GetString());
        Assert.Equal(("done", 2, false), (row.GetProperty("state").GetString(), row.GetProperty("processed").GetInt32(), row.GetProperty("revertible").GetBoolean()));
        Assert.Equal(JsonValueKind.String, row.GetProperty("revertedAt").ValueKind);
    }

    [Fact]
    public async Task AFundingSheetRecordsRoundsLoansAndGrantsOnceWithinTheirCaps()
    {
        var client = api.Client(api.AdminToken, language: null);
        var code = await ParkBuilder.EnterpriseAsync(client, "融资导入生物");
        var product = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/products",
            new { name = "FD-301", kind = "antibody", stage = "phase-1", stageDate = "2025-01-10" }));
        var productId = product.GetProperty("id").GetString();
        string[] headers = ["统一社会信用代码", "类型", "日期", "金额（万元）", "轮次", "投资方", "贷款方", "期限（月）", "资助方", "资助类别", "产品编号"];
        var rows = new object?[][]
        {
            [code, "股权融资", "2025年3月", 12000, "A轮", "海河产业基金（政府引导基金，领投）、某创投（风险投资）", null, null, null, null, null],
            [code, "贷款", "2025/5/20", 2000, null, null, "某银行天津分行", 36, null, null, null],
            [code, "政府资助", "2025-06-01", 70, null, null, null, null, "天津市科学技术局", "I期临床试验", productId],
            [code, "政府资助", "2025-09-01", 40, null, null, null, null, "天津市科学技术局", "I期临床试验", productId],
            [code, "股权融资", "2024年", 500, "天使轮", "某人（神仙）", null, null, null, null, null],
        };
        var first = await CommitAsync(client, "funding", Workbook(headers, rows));
        Assert.Equal(["created", "created", "created", "refused", "refused"], Outcomes(first));
        Assert.StartsWith("金额（万元）：", Problems(first, 3));
        Assert.Contains("“神仙”不是投资方类型", Problems(first, 4));
        var summary = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"));
        var round = summary.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "equity");
        Assert.Equal(("2025-03-01", "month", 120_000_000m), (round.GetProperty("date").GetString(), round.GetProperty("datePrecision").GetString(), round.GetProperty("amount").GetDecimal()));
        var lead = round.GetProperty("investors").EnumerateArray().Single(i => i.GetProperty("lead").GetBoolean());
        Assert.Equal(("海河产业基金", "guidance-fund"), (lead.GetProperty("name").GetString(), lead.GetProperty("type").GetString()));

        // The same sheet again records nothing twice; the import's entries are voided as a whole.
        Assert.Equal(["unchanged", "unchanged", "unchanged"], Outcomes(await DryRunAsync(client, "funding", Workbook(headers, rows[..3]))));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{first.GetProperty("importId").GetString()}/revert", null));
        summary = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"));
        Assert.All(summary.GetProperty("entries").EnumerateArray(), e => Assert.Equal(JsonValueKind.Object, e.GetProperty("voided").ValueKind));
        Assert.Equal(["created", "created", "created"], Outcomes(await DryRunAsync(client, "funding", Workbook(headers, rows[..3]))));
    }

    [Fact]
    public async Task AUnitSheetAddsBuildingsAndUnitsInOrderAndChangesKnownUnits()
    {
        var client = api.Client(api.AdminToken, language: null);
        var park = await ParkBuilder.CreateAsync(client, ("A-101", 300m, "2024-01-01"));
        string[] headers = ["园区", "楼宇", "楼宇名称", "单元", "楼层", "面积（㎡）", "GMP 等级", "洁净车间", "冷库", "可出租日期"];
        var imported = await CommitAsync(client, "units", Workbook(headers,
            [park, "B", "B座", "B-201", 2, 500, "B级", "是", "否", "2025-01-01"],
            [park, "B", null, "B-202", 2, 300, null, null, null, "2025-01-01"],
            [park, "A", null, "A-101", 3, 310, null, null, null, null],
            [park, "A", null, "A-999", 1, -5, "Z", null, null, "2025-01-01"]));
        Assert.Equal(["created", "created", "updated", "refused"], Outcomes(imported));
        Assert.Equal(["面积（㎡）"], imported.GetProperty("items")[2].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("面积（㎡）：", Problems(imported, 3));
        Assert.Contains("GMP 等级：", Problems(imported, 3));
        var view = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}"));
        Assert.Contains(view.GetProperty("buildings").EnumerateArray(), b => b.GetProperty("id").GetString() == "B" && b.GetProperty("name").GetString() == "B座");
        var units = view.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("id").GetString()!);
        Assert.Equal((500m, "B", true), (units["B-201"].GetProperty("areaSqm").GetDecimal(), units["B-201"].GetProperty("fitOut").GetProperty("gmpGrade").GetString(),
            units["B-201"].GetProperty("fitOut").GetProperty("cleanRoom").GetBoolean()));
        Assert.Equal((310m, 3, "B"), (units["A-101"].GetProperty("areaSqm").GetDecimal(), units["A-101"].GetProperty("floor").GetInt32(),
            units["A-101"].GetProperty("fitOut").GetProperty("gmpGrade").GetString()));
    }

    [Fact]
    public async Task AWorkbookWithRosterPipelineAndFundingSheetsWritesEachNewEnterpriseWhole()
    {
        var client = api.Client(api.AdminToken, language: null);
        var known = await ParkBuilder.EnterpriseAsync(client, "工作簿已有生物");
        var (fresh, other) = (Codes.NewCode(), Codes.NewCode());
        var sheets = new Dictionary<string, object>
        {
            ["企业名录"] = new[]
            {
                new Dictionary<string, object?> { ["统一社会信用代码"] = fresh, ["企业名称"] = "工作簿新增生物", ["细分领域"] = "抗体", ["梯度"] = "瞪羚", ["认定日期"] = "2024-06-30" },
                new Dictionary<string, object?> { ["统一社会信用代码"] = other, ["企业名称"] = "工作簿领域有误", ["细分领域"] = "炼金术", ["梯度"] = null, ["认定日期"] = null },
            },
            ["产品管线"] = new[]
            {
                new Dictionary<string, object?> { ["统一社会信用代码"] = fresh, ["产品名称"] = "WB-1", ["产品类别"] = "抗体药物", ["阶段"] = "I期临床" },
                new Dictionary<string, object?> { ["统一社会信用代码"] = known, ["产品名称"] = "WB-2", ["产品类别"] = "化学药", ["阶段"] = null },
                new Dictionary<string, object?> { ["统一社会信用代码"] = other, ["产品名称"] = "WB-3", ["产品类别"] = "化学药", ["阶段"] = null },
            },
            ["融资与资助"] = new[]
            {
                new Dictionary<string, object?> { ["统一社会信用代码"] = fresh, ["类型"] = "股权融资", ["日期"] = "2025年5月", ["金额（万元）"] = 3000, ["轮次"] = "天使轮", ["投资方"] = "某天使（天使投资人，领投）" },
            },
        };
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheets);

        // The check as a workbook has each sheet with its rows' results.
        var checkedBook = await client.PostAsync("/api/imports/enterprises/report", Form(stream.ToArray()));
        using (var book = new MemoryStream(await checkedBook.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(["企业名录", "产品管线", "融资与资助"], MiniExcelLibs.MiniExcel.GetSheetNames(book));
            var pipeline = book.Query(useHeaderRow: true, sheetName: "产品管线").Cast<IDictionary<string, object?>>().ToArray();
            Assert.Equal(["新增", "新增", "未通过"], pipeline.Select(r => (string?)r["检查结果"]));
        }

        var done = await CommitAsync(client, "enterprises", stream.ToArray());
        Assert.Equal(["created", "refused", "created", "created", "refused", "created"], Outcomes(done));
        Assert.Equal([null, null, "产品管线", "产品管线", "产品管线", "融资与资助"],
            done.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sheet").ValueKind == JsonValueKind.Null ? null : i.GetProperty("sheet").GetString()));
        Assert.Contains("该企业尚未登记", Problems(done, 4));

        // The new enterprise was written whole, in one write: registered, recognised, its product and its round.
        var enterprise = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{fresh}"));
        Assert.Equal("gazelle", enterprise.GetProperty("tier").GetString());
        var products = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{fresh}/products"));
        Assert.Equal("phase-1", products.EnumerateArray().Single().GetProperty("stage").GetString());
        var funding = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{fresh}/funding"));
        Assert.Equal(30_000_000m, funding.GetProperty("entries").EnumerateArray().Single().GetProperty("amount").GetDecimal());
        var knownProducts = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{known}/products"));
        Assert.Equal("WB-2", knownProducts.EnumerateArray().Single().GetProperty("name").GetString());

        // Reverting withdraws the new enterprise with what came with it; the list of products no longer shows it.
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{done.GetProperty("importId").GetString()}/revert", null));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{fresh}"));
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/products?code={fresh}"));
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("creditCode").GetString() == fresh);
    }

    [Fact]
    public async Task PlatformInstitutionAndRelationSheetsLinkWhatIsRegistered()
    {
        var client = api.Client(api.AdminToken, language: null);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (supplier, buyer) = (await ParkBuilder.EnterpriseAsync(client, "关系供应生物" + tag), await ParkBuilder.EnterpriseAsync(client, "关系采购制药" + tag));
        var platforms = await CommitAsync(client, "platforms", Workbook(["平台名称", "类型", "状态", "服务内容"],
            ["细胞中试平台" + tag, "中试平台", "建设中", "工艺开发、GMP 中试生产"], ["飞船平台" + tag, "飞船", null, null]));
        Assert.Equal(["created", "refused"], Outcomes(platforms));
        var institutions = await CommitAsync(client, "institutions", Workbook(["名称", "类型", "城市"], ["示例医科大学" + tag, "高校", "天津"]));
        Assert.Equal(["created"], Outcomes(institutions));

        string[] headers = ["关系类型", "甲方", "乙方", "供应内容"];
        var relations = await CommitAsync(client, "relations", Workbook(headers,
            ["供应", supplier, buyer, "培养基"],
            ["使用平台", "关系采购制药" + tag, "细胞中试平台" + tag, null],
            ["产学研医合作", "示例医科大学" + tag, supplier, null],
            ["供应", supplier, "不存在的公司" + tag, "培养基"],
            ["供应", supplier, buyer, null]));
        Assert.Equal(["created", "created", "created", "refused", "refused"], Outcomes(relations));
        Assert.Contains("没有这个名称", Problems(relations, 3));
        Assert.Contains("与第 2 行是同一关系", Problems(relations, 4));
        var linked = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{supplier}/relations"));
        Assert.Equal(2, linked.GetArrayLength());

        // The same sheet again: recorded relations are unchanged; the platform moves on to its next status.
        Assert.Equal(["unchanged", "unchanged", "unchanged"], Outcomes(await DryRunAsync(client, "relations", Workbook(headers,
            ["供应", supplier, buyer, "培养基"], ["使用平台", buyer, "细胞中试平台" + tag, null], ["产学研医合作", supplier, "示例医科大学" + tag, null]))));
        // The supplier's relations exported as a workbook import back unchanged (parties as kind:id).
        var exported = await (await client.GetAsync($"/api/enterprises/{supplier}/relations?format=xlsx")).Content.ReadAsByteArrayAsync();
        Assert.Equal(["unchanged", "unchanged"], Outcomes(await DryRunAsync(client, "relations", exported)));

        var moved = await CommitAsync(client, "platforms", Workbook(["平台名称", "类型", "状态"], ["细胞中试平台" + tag, "中试平台", "运营中"]));
        Assert.Equal(["updated"], Outcomes(moved));
        var platformId = platforms.GetProperty("items")[0].GetProperty("key").GetString()!.Split(' ')[^1];
        var platform = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/platforms/{platformId}"));
        Assert.Equal(("operating", 2), (platform.GetProperty("status").GetString(), platform.GetProperty("services").GetArrayLength()));

        // The platform import is not reverted while relations name the platform (and it moved on since); the relations
        // import is; then the institution import.
        var refused = await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{platforms.GetProperty("importId").GetString()}/revert", null));
        Assert.Contains("关系", refused.GetProperty("detail").GetString());
        var reverted = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{relations.GetProperty("importId").GetString()}/revert", null));
        Assert.Equal(3, reverted.GetProperty("reverted").GetInt32());
        Assert.Equal(0, (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{supplier}/relations"))).GetArrayLength());
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{institutions.GetProperty("importId").GetString()}/revert", null));
        var search = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/institutions?q={Uri.EscapeDataString("示例医科大学" + tag)}"));
        Assert.Equal(0, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ANewPlansTaskBreakdownIsImportedWholeOrNotAtAll()
    {
        var client = api.Client(api.AdminToken, language: null);
        var id = "imp-" + Guid.NewGuid().ToString("N")[..8];
        string[] headers = ["方案编号", "方案名称", "起始日期", "截止日期", "任务序号", "标题", "所属部分", "任务类型", "事项序号", "具体落实事项", "完成时限", "牵头部门", "配合部门", "系统指标"];
        string?[] Row(int task, string taskTitle, int item, string title, string deadline, string lead, string? cooperating = null, string? indicator = null) =>
            [id, "2027年细胞产业行动方案", "2027-01-01", "2027-12-31", task.ToString(), taskTitle, "一、工作目标", "任务推动", item.ToString(), title, deadline, lead, cooperating, indicator];

        // One bad row (an unknown department) keeps the whole plan out, every other row saying why.
        var bad = await DryRunAsync(client, "plans", Workbook(headers,
            Row(1, "打造载体", 1, "生物医药创新中心入驻率超过80%", "2027年12月底前", "经开区科技部门和生物医药部门", "区科技局", "生物医药创新中心入驻率80%以上"),
            Row(1, "打造载体", 2, "建成中试平台", "2027年6月30日前", "区宣传部")));
        Assert.Equal(["refused", "refused"], Outcomes(bad));
        Assert.Contains("不是已登记的责任部门", Problems(bad, 1));
        Assert.Contains("整个方案未导入", Problems(bad, 0));

        var done = await CommitAsync(client, "plans", Workbook(headers,
            Row(1, "打造载体", 1, "生物医药创新中心入驻率超过80%", "2027年12月底前", "经开区科技部门和生物医药部门", "区科技局、区卫健委", "生物医药创新中心入驻率80%以上"),
            Row(1, "打造载体", 2, "建成中试平台", "2027年6月30日前", "区科技局"),
            Row(2, "优化服务", 3, "开展政策宣讲", "持续推动", "区卫健委")));
        Assert.Equal(["created", "created", "created"], Outcomes(done));
        var plan = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/plans/{id}"));
        var items = plan.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("items").EnumerateArray()).ToArray();
        Assert.Equal(["2027-12-31", "2027-06-30", null], items.Select(i => i.GetProperty("due").GetString()));
        Assert.Equal(("teda-zone", 2, "innovation-center-occupancy"), (items[0].GetProperty("lead").GetProperty("code").GetString(),
            items[0].GetProperty("cooperating").GetArrayLength(), items[0].GetProperty("indicator").GetProperty("id").GetString()));

        // The same sheet again: the plan exists; a revert removes it while nobody has reported on it.
        Assert.Contains("已存在", Problems(await DryRunAsync(client, "plans", Workbook(headers, Row(2, "优化服务", 3, "开展政策宣讲", "持续推动", "区卫健委"))), 0));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{done.GetProperty("importId").GetString()}/revert", null));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/plans/{id}"));
    }

    [Theory]
    [InlineData("enterprises", "企业名录", "细分领域")]
    [InlineData("products", "产品管线", "阶段")]
    [InlineData("leads", "招商线索", "线索来源")]
    [InlineData("leases", "租约台账", "园区")]
    [InlineData("funding", "融资与资助", "类型")]
    [InlineData("units", "楼宇与单元", "园区")]
    [InlineData("platforms", "公共服务平台", "平台类型")]
    [InlineData("institutions", "高校院所与医院", "机构类型")]
    [InlineData("relations", "产业链关系", "关系类型")]
    [InlineData("plans", "任务分解表", "任务类型")]
    public async Task EachKindsTemplateHasDropDownsFromItsChoiceSheets(string kind, string title, string list)
    {
        var client = api.Client(api.AdminToken, language: null);
        await ParkBuilder.CreateAsync(client);
        var response = await client.GetAsync($"/api/imports/{kind}/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        Assert.Equal([title, "填写说明", list], MiniExcelLibs.MiniExcel.GetSheetNames(stream).Take(2).Append(list));
        Assert.Contains(list, MiniExcelLibs.MiniExcel.GetSheetNames(stream));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.Contains("dataValidation", xml);
        Assert.Contains($"'{list}'!$A$2", xml);

        // The sample row is refused as the sample it is.
        var report = await DryRunAsync(client, kind, bytes);
        Assert.Equal(["refused"], Outcomes(report));
        Assert.Contains("示例行", Problems(report, 0));
    }

    [Fact]
    public async Task AnImportWhoseProcessStoppedShowsAsInterrupted()
    {
        // A running import whose heartbeat stopped a minute ago (its process went away) is reported as interrupted, not running.
        var client = api.Client(api.AdminToken, language: null);
        var started = await CommitAsync(client, "institutions", Workbook(["名称", "类型"], ["中断测试研究院" + Guid.NewGuid().ToString("N")[..6], "科研院所"]));
        var id = started.GetProperty("importId").GetString();
        await using (var connection = await api.Database.DataSource.OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "UPDATE cv_imports SET state = 'running', heartbeat_at = now() - interval '2 minutes', finished_at = NULL WHERE import_id = @id", new { id });
        }

        var recorded = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/imports/{id}"));
        Assert.Equal("interrupted", recorded.GetProperty("state").GetString());
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/imports?kind=institutions&pageSize=50"));
        var row = listed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("importId").GetString() == id);
        Assert.Equal(("interrupted", false), (row.GetProperty("state").GetString(), row.GetProperty("revertible").GetBoolean()));
        await HttpAssert.Problem(HttpStatusCode.Conflict, await client.PostAsync($"/api/imports/{id}/revert", null));
    }

    [Fact]
    public async Task AnUnknownKindOrAnotherRoleIsRefused()
    {
        var client = api.Client(api.AdminToken, language: null);
        await HttpAssert.NamesField(await client.GetAsync("/api/imports/spaceships/template"), "kind");
        await HttpAssert.NamesField(await client.GetAsync("/api/imports?kind=spaceships"), "kind");
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.PostAsync("/api/imports/INOSUCH/revert", null));
        var viewer = api.Client(await api.MintAsync(CellValley.Api.Auth.ApiRoles.Viewer), language: null);
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.GetAsync("/api/imports"));
    }
}
