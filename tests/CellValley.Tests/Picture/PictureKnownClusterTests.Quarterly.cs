using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Console;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

/// <summary>The 季报 for 2025Q1 of a plan over the known cluster: its figures are the hand count of the cluster in that quarter.</summary>
public sealed partial class PictureKnownClusterTests
{
    [Fact]
    public async Task TheQuarterlyReportForAQuarterHoldsTheHandCountedNumbers()
    {
        var id = "q-" + Guid.NewGuid().ToString("N")[..10];
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/plans", new
        {
            id, title = "2025年细胞谷季报测试方案", periodFrom = "2025-01-01", periodTo = "2025-12-31",
            tasks = new[] { new { number = 1, title = "着力推进龙头企业发展", section = "一、工作目标" } },
            items = new object[]
            {
                new { number = 1, task = 1, title = "培育领军企业", type = "任务推动", deadline = new { kind = "by", date = "2025-12-31" }, lead = "district-science", indicator = "leader-enterprises" },
                new { number = 2, task = 1, title = "开展临床研究政策宣讲", type = "任务推动", deadline = new { kind = "continuing" }, lead = "district-health" },
            },
        }));
        using var health = _api.Client(await _api.MintAsync("department", "district-health"));
        var item = $"/api/plans/{id}/items/2";
        await Ok(HttpStatusCode.OK, Send(health, HttpMethod.Put, item, "/reports/2025Q1",
            new { status = "in-progress", percent = 30, narrative = "一季度开展宣讲2场，覆盖企业15家。", evidence = new[] { $"enterprise:{_e2}" } }));
        await Ok(HttpStatusCode.OK, Send(_client, HttpMethod.Post, item, "/reports/2025Q1/accept", new { comment = "同意" }));

        // As filed (the end of the following quarter), the reports sent today are not there yet; read as of today they are.
        var filed = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/plans/{id}/quarters/2025Q1/report"));
        Assert.Equal(("2025-06-30", 0), (filed.GetProperty("reportsAsOf").GetString(), filed.GetProperty("reportsReceived").GetInt32()));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var report = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/plans/{id}/quarters/2025Q1/report?asOf={today}"));
        Assert.Equal(("2025年第一季度", "2025-03-31"), (report.GetProperty("quarterLabel").GetString(), report.GetProperty("figuresAsOf").GetString()));

        // Counted by hand from the cluster built above, for 1 January - 31 March 2025.
        var h = report.GetProperty("highlights");
        Assert.Equal((3, 3), (h.GetProperty("enterprises").GetInt32(), h.GetProperty("enterprisesBefore").GetInt32()));  // 一号, 二号, 四号 (三号 founded in June)
        Assert.Equal((1, 0, 0), (h.GetProperty("tiersUp").GetInt32(), h.GetProperty("tiersDown").GetInt32(), h.GetProperty("tiersExpired").GetInt32())); // 二号 领军 on 15 January
        Assert.Equal((1, 0, 1, 0), (h.GetProperty("products").GetInt32(), h.GetProperty("productsBefore").GetInt32(),
            h.GetProperty("productsEntered").GetInt32(), h.GetProperty("productsAdvanced").GetInt32())); // P1 clinical-approved on 1 February
        Assert.Equal((20_000_000m, 1), (h.GetProperty("funding").GetDecimal(), h.GetProperty("fundingCount").GetInt32())); // 二号's B round, 10 February
        Assert.Equal(0.8m, h.GetProperty("occupancy").GetDecimal()); // U1 600 + U2 400 (from 1 March) of 1,250 m²
        Assert.Equal(0, h.GetProperty("leadsLanded").GetInt32());
        var targets = report.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        Assert.Equal((1m, 0m), (targets["leader-enterprises"].GetProperty("value").GetDecimal(), targets["leader-enterprises"].GetProperty("previousValue").GetDecimal()));
        Assert.Equal((1m, 0m), (targets["class-one-clinical"].GetProperty("value").GetDecimal(), targets["class-one-clinical"].GetProperty("previousValue").GetDecimal()));

        // The tasks with this quarter's reports: item 2 reported (late, accepted) with its narrative; item 1 missing.
        var items = report.GetProperty("tasks")[0].GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(("missing", true), (items[0].GetProperty("reportState").GetString(), items[0].GetProperty("late").GetBoolean()));
        Assert.Equal(("accepted", "in-progress", 30, "一季度开展宣讲2场，覆盖企业15家。"), (items[1].GetProperty("reportState").GetString(), items[1].GetProperty("status").GetString(),
            items[1].GetProperty("percent").GetInt32(), items[1].GetProperty("narrative").GetString()));
        Assert.Equal((2, 1, 1, 2), (report.GetProperty("reportsRequired").GetInt32(), report.GetProperty("reportsReceived").GetInt32(),
            report.GetProperty("reportsAccepted").GetInt32(), report.GetProperty("reportsLate").GetInt32()));
        Assert.Empty(report.GetProperty("changes").EnumerateArray()); // the plan's first quarter has no previous one

        // The item's indicator: its value at each quarter end of the plan (leader-enterprises: 1 from 15 January 2025).
        var page = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/plans/{id}/items/1"));
        Assert.Equal([("2025Q1", 1m), ("2025Q2", 1m), ("2025Q3", 1m), ("2025Q4", 1m)],
            page.GetProperty("indicatorSeries").EnumerateArray().Select(p => (p.GetProperty("quarter").GetString(), p.GetProperty("value").GetDecimal())));

        // The workbook leadership files: 概况, 任务进展, 变化.
        var response = await _client.GetAsync($"/api/plans/{id}/quarters/2025Q1/report?format=xlsx&asOf={today}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Directory.CreateDirectory(Path.Combine(ConsoleFixture.RepositoryRoot, "artifacts", "reports"));
        var path = Path.Combine(ConsoleFixture.RepositoryRoot, "artifacts", "reports", "季报-2025Q1.xlsx");
        await File.WriteAllBytesAsync(path, bytes);
        System.Console.WriteLine($"季报 written to {path}");
        using var stream = new MemoryStream(bytes);
        Assert.Equal(["概况", "任务进展", "变化"], MiniExcelLibs.MiniExcel.GetSheetNames(stream));
        var summary = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "概况").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["项目"]!, r => (string?)r["内容"]);
        Assert.Equal("2000 万元，1 笔", summary["融资与资助"]);
        Assert.Equal("80%", summary["园区入驻率"]);
        Assert.Equal("升级 1 家，降级 0 家，到期 0 家", summary["梯度变动"]);
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "任务进展").Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal(["未报送（逾期）", "已通过（逾期）"], rows.Select(r => (string?)r["报送"]));

        // And as a PDF set in a Chinese font: the text it carries is the report's.
        var pdf = await _client.GetAsync($"/api/plans/{id}/quarters/2025Q1/report?format=pdf&asOf={today}");
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (pdf.StatusCode, pdf.Content.Headers.ContentType?.MediaType));
        var pdfBytes = await pdf.Content.ReadAsByteArrayAsync();
        var pdfPath = Path.Combine(ConsoleFixture.RepositoryRoot, "artifacts", "reports", "季报-2025Q1.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdfBytes);
        System.Console.WriteLine($"季报 written to {pdfPath}");
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdfBytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal("2025年细胞谷季报测试方案 2025年第一季度推进情况报告", document.Info.Title);
        Assert.True(document.PageCount >= 1);
        // Chinese is set in an embedded TrueType font addressed by glyph ids (Type0, Identity-H), not substituted.
        var raw = System.Text.Encoding.Latin1.GetString(pdfBytes);
        Assert.Contains("/Identity-H", raw, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", raw, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string resource, string action, object body)
    {
        var current = await client.GetAsync(resource);
        using var request = new HttpRequestMessage(method, resource + action) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await client.SendAsync(request);
    }
}
