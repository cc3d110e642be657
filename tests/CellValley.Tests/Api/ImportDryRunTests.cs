using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CellValley.Api.Imports;
using CellValley.Tests.Infrastructure;
using MiniExcelLibs;

namespace CellValley.Tests.Api;

/// <summary>An enterprise roster checked in full before anything is imported: row by row, in Chinese, and nothing written.</summary>
[Collection(ApiCollection.Name)]
public sealed class ImportDryRunTests(ApiFixture api)
{
    private static readonly string[] Headers = ["*统一社会信用代码", "*企业名称", "*细分领域", "成立日期", "所在区", "从业人数", "营业收入（万元）"];

    private static byte[] Workbook(params object?[][] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => Headers.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToArray());
        return stream.ToArray();
    }

    private async Task<JsonElement> DryRunAsync(HttpClient client, byte[] file, string fileName, string mode = "upsert", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        return await HttpAssert.Status(expected, await client.PostAsync($"/api/imports/enterprises/dry-run?mode={mode}", form));
    }

    [Fact]
    public async Task EachRowSaysWhatWouldHappenAndNothingIsWritten()
    {
        var client = api.Client(api.AdminToken, language: null);
        var (known, same, fresh, dated) = (Codes.NewCode(), Codes.NewCode(), Codes.NewCode(), Codes.NewCode());
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new { creditCode = known, name = "名录已有一号", segments = new[] { "抗体" }, headcount = 50 }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new { creditCode = same, name = "名录已有二号", segments = new[] { "抗体" } }));
        var before = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/enterprises"))).GetProperty("total").GetInt64();

        var file = Workbook(
            [fresh.ToLowerInvariant(), "名录新增一号", "细胞治疗、干细胞", "2019-03-01", "滨海新区", 80, 3500],
            [known, "名录已有一号", "抗体", null, null, 65, null],
            [same, "名录已有二号", "抗体", null, null, null, null],
            ["91120116MA05KX4H3X", "代码有误", "抗体", null, null, null, null],
            [fresh, "名录新增一号（重复）", "细胞治疗", null, null, null, null],
            [Codes.NewCode(), "领域未知", "炼金术", null, null, null, null],
            [dated, "名录新增二号", "化学药", "2021年6月1日", null, "１２０", "1,200.5"]);
        var report = await DryRunAsync(client, file, "名录.xlsx");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(64, report.GetProperty("sha256").GetString()!.Length);
        var rows = report.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["created", "updated", "unchanged", "refused", "refused", "refused", "created"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(fresh, rows[0].GetProperty("key").GetString());
        Assert.Equal(["从业人数"], rows[1].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("统一社会信用代码", rows[3].GetProperty("problems")[0].GetProperty("column").GetString());
        Assert.Contains("与第 2 行重复", rows[4].GetProperty("problems")[0].GetProperty("message").GetString());
        Assert.Equal("细分领域", rows[5].GetProperty("problems")[0].GetProperty("column").GetString());
        Assert.Contains("炼金术", rows[5].GetProperty("problems")[0].GetProperty("message").GetString());
        var counts = report.GetProperty("counts");
        Assert.Equal((2, 1, 1, 3), (counts.GetProperty("created").GetInt32(), counts.GetProperty("updated").GetInt32(), counts.GetProperty("unchanged").GetInt32(), counts.GetProperty("refused").GetInt32()));

        // Nothing was written.
        Assert.Equal(before, (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/enterprises"))).GetProperty("total").GetInt64());
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{fresh}"));
        Assert.Equal(50, (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{known}"))).GetProperty("headcount").GetInt32());

        // The same check as a workbook: the uploaded sheet with 检查结果 and 错误原因 added.
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "名录.xlsx" } })
        {
            var workbook = await client.PostAsync("/api/imports/enterprises/report", form);
            Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
            using var stream = new MemoryStream(await workbook.Content.ReadAsByteArrayAsync());
            var sheet = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
            Assert.Equal(7, sheet.Length);
            Assert.Equal(["新增", "更新", "无变化", "未通过", "未通过", "未通过", "新增"], sheet.Select(r => (string?)r["检查结果"]));
            Assert.Equal("名录新增一号", sheet[0]["*企业名称"]);
            Assert.StartsWith("统一社会信用代码：", (string?)sheet[3]["错误原因"]);
            Assert.Equal("将更新：从业人数", sheet[1]["错误原因"]);
        }

        // Create-only refuses the known code; update-only refuses the new one.
        var createOnly = await DryRunAsync(client, file, "名录.xlsx", "create");
        Assert.Equal("refused", createOnly.GetProperty("items")[1].GetProperty("outcome").GetString());
        Assert.Contains("仅新增", createOnly.GetProperty("items")[1].GetProperty("problems")[0].GetProperty("message").GetString());
        var updateOnly = await DryRunAsync(client, file, "名录.xlsx", "update");
        Assert.Equal("refused", updateOnly.GetProperty("items")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AGbkCsvWithChineseHeadersIsRead()
    {
        var client = api.Client(api.AdminToken, language: null);
        var code = Codes.NewCode();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = $"统一社会信用代码,企业名称,细分领域,成立日期,从业人数\r\n{code},天津国标编码生物有限公司,细胞治疗；基因治疗,2020/3/1,30\r\n";
        var report = await DryRunAsync(client, Encoding.GetEncoding("GB18030").GetBytes(text), "名录.csv");
        Assert.Equal("GB18030", report.GetProperty("encoding").GetString());
        var row = report.GetProperty("items")[0];
        Assert.Equal(("created", code), (row.GetProperty("outcome").GetString(), row.GetProperty("key").GetString()));

        var utf8 = await DryRunAsync(client, Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "名录.csv");
        Assert.Equal("UTF-8", utf8.GetProperty("encoding").GetString());
        Assert.Equal("created", utf8.GetProperty("items")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AFileThatIsNotARosterIsRefusedWhole()
    {
        var client = api.Client(api.AdminToken, language: null);
        await HttpAssert.NamesField(await PostAsync(client, Encoding.UTF8.GetBytes("not a workbook"), "名录.xlsx"), "file", "工作簿");
        await HttpAssert.NamesField(await PostAsync(client, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5], "名录.xlsx"), "file", "工作簿");
        await HttpAssert.NamesField(await PostAsync(client, Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 300).Select(i => "列" + i)) + "\n"), "名录.csv"), "file", "列数");
        await HttpAssert.NamesField(await PostAsync(client, Encoding.UTF8.GetBytes("企业名称,细分领域\n某公司,抗体\n"), "名录.csv"), "file", "统一社会信用代码");
        await HttpAssert.NamesField(await PostAsync(client, Encoding.UTF8.GetBytes("x"), "名录.pdf"), "file", ".xlsx");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Workbook()), "file", "名录.xlsx" } };
        await HttpAssert.NamesField(await client.PostAsync("/api/imports/enterprises/dry-run?mode=everything", form), "mode");

        using var enterprise = api.Client(await api.MintAsync("enterprise", Codes.NewCode()));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/imports/enterprises/template"));
    }

    [Fact]
    public async Task AZipBombOrAWorkbookWithFormulasIsRefusedWhole()
    {
        var client = api.Client(api.AdminToken, language: null);

        // A valid roster with one more part that unpacks a thousand times over.
        using (var bomb = new MemoryStream())
        {
            bomb.Write(Workbook());
            using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
            {
                using var part = zip.CreateEntry("xl/media/padding.bin", System.IO.Compression.CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 100; i++)
                {
                    part.Write(zeros);
                }
            }

            await HttpAssert.NamesField(await PostAsync(client, bomb.ToArray(), "名录.xlsx"), "file", "压缩炸弹");
        }

        // A roster whose cell holds a formula.
        using var formula = new MemoryStream();
        formula.Write(Workbook([Codes.NewCode(), "公式生物", "抗体", null, null, 10, 100]));
        using (var zip = new System.IO.Compression.ZipArchive(formula, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = await reader.ReadToEndAsync();
            }

            var value = xml.Contains("<x:v>", StringComparison.Ordinal) ? "<x:v>" : "<v>";
            var at = xml.LastIndexOf(value, StringComparison.Ordinal);
            xml = xml[..at] + value.Replace("v>", "f>", StringComparison.Ordinal) + "1+1" + value.Replace("<", "</", StringComparison.Ordinal).Replace("v>", "f>", StringComparison.Ordinal) + xml[at..];
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            await writer.WriteAsync(xml);
        }

        await HttpAssert.NamesField(await PostAsync(client, formula.ToArray(), "名录.xlsx"), "file", "公式");
    }

    [Fact]
    public async Task TheTemplateIsAWorkbookWithNotesAndTheSegments()
    {
        var client = api.Client(api.AdminToken, language: null);
        var response = await client.GetAsync("/api/imports/enterprises/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["企业名录", "填写说明", "细分领域", "梯度"], MiniExcel.GetSheetNames(stream));
        var sample = stream.Query(useHeaderRow: true, sheetName: "企业名录").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal("*统一社会信用代码", sample.Keys.First());

        // The template's sample row is never imported: it is refused as the sample it is.
        var report = await DryRunAsync(client, stream.ToArray(), "模板.xlsx");
        Assert.Equal("refused", report.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Contains("示例行", report.GetProperty("items")[0].GetProperty("problems")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("2025-03-01")]
    [InlineData("2025/3/1")]
    [InlineData("2025年3月1日")]
    [InlineData("2025.3.1")]
    [InlineData("２０２５－０３－０１")]
    [InlineData("45717")]
    public void EveryDateFormReadsTheSameDay(string text) =>
        Assert.Equal((new DateOnly(2025, 3, 1), (string?)null), Cells.Date(text));

    [Fact]
    public void AmountsFollowTheirHeadersUnitAndCodesAreNormalised()
    {
        Assert.Equal(12_005_000m, Cells.Amount("1,200.5", Cells.Unit("营业收入（万元）")).Value);
        Assert.Equal(1_200.5m, Cells.Amount("1200.5", Cells.Unit("营业收入（元）")).Value);
        Assert.Equal(300_000_000m, Cells.Amount("3", Cells.Unit("营业收入(亿元)")).Value);
        Assert.NotNull(Cells.Amount("三百万", 1).Problem);
        Assert.Equal("91120116MA05KX4H34", Cells.Code(" ９１１２０１１６ma05kx4h34 "));
        Assert.Equal(["细胞治疗", "干细胞", "抗体"], Cells.List("细胞治疗、干细胞，抗体"));
        Assert.Equal("营业收入", Cells.HeaderKey("* 营业收入（万元）"));
        Assert.NotNull(Cells.Date("2025-02-30").Problem);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        return await client.PostAsync("/api/imports/enterprises/dry-run", form);
    }
}
