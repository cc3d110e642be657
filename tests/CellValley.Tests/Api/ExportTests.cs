using System.Net;
using System.Net.Http.Json;
using System.Text;
using CellValley.Tests.Infrastructure;
using MiniExcelLibs;

namespace CellValley.Tests.Api;

/// <summary>Every list as a file: .xlsx with Chinese headers and typed cells, CSV in UTF-8 with a BOM; the same filters and read scope as the list.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExportTests(ApiFixture api)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<(HttpClient Client, string District, string First, string Second)> TwoEnterprisesAsync(ApiFixture api)
    {
        var client = api.Client(api.AdminToken, language: null);
        var district = "导出区" + Guid.NewGuid().ToString("N")[..6];
        var (first, second) = (Codes.NewCode(), Codes.NewCode());
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = first, name = "导出一号生物", segments = new[] { "细胞治疗", "抗体" }, district, foundedOn = "2019-03-01", headcount = 120 }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = second, name = "导出二号医药", segments = new[] { "化学药" }, district }));
        return (client, district, first, second);
    }

    [Fact]
    public async Task AFilteredListComesAsAWorkbookWithChineseHeadersAndTypedCells()
    {
        var (client, district, first, _) = await TwoEnterprisesAsync(api);
        var response = await client.GetAsync($"/api/enterprises?district={Uri.EscapeDataString(district)}&sort=name&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.StartsWith("企业名录-", response.Content.Headers.ContentDisposition?.FileNameStar);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal(2, rows.Length);
        var one = rows.Single(r => (string?)r["统一社会信用代码"] == first);
        Assert.Equal("导出一号生物", one["企业名称"]);
        Assert.Equal("细胞治疗、抗体", one["细分领域"]);
        Assert.Equal(new DateTime(2019, 3, 1), one["成立日期"]);
        Assert.Equal(120d, Convert.ToDouble(one["从业人数"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("在册", one["状态"]);
        Assert.Equal("否", one["认定已过期"]);
    }

    [Fact]
    public async Task CsvIsUtf8WithAByteOrderMarkSoExcelReadsTheChinese()
    {
        var (client, district, _, second) = await TwoEnterprisesAsync(api);
        var response = await client.GetAsync($"/api/enterprises?district={Uri.EscapeDataString(district)}&sort=name&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("统一社会信用代码,企业名称,", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(second + ",导出二号医药,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileHoldsEveryPageAndRespectsTheCallersScope()
    {
        var client = api.Client(api.AdminToken, language: null);
        var park = await ParkBuilder.CreateAsync(client, ("U1", 100, "2020-01-01"), ("U2", 100, "2020-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client, "导出租户生物");
        var stranger = await ParkBuilder.EnterpriseAsync(client, "导出非租户生物");
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "U1", 100, "2024-01-01", "2035-01-01"));

        // A park operator's enterprise list is its park's tenants, as public cards: so is its file.
        using var operatorClient = api.Client(await api.MintAsync("park-operator", park));
        var response = await operatorClient.GetAsync("/api/enterprises?format=xlsx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal([tenant], rows.Select(r => (string?)r["统一社会信用代码"]));
        Assert.DoesNotContain(rows, r => (string?)r["统一社会信用代码"] == stranger);

        // The leases and vacancies of the park, and a refusal answered as for the list.
        var leases = await operatorClient.GetAsync($"/api/parks/{park}/leases?format=csv");
        Assert.Contains("导出租户生物", Encoding.UTF8.GetString(await leases.Content.ReadAsByteArrayAsync()));
        var vacancies = await operatorClient.GetAsync($"/api/parks/{park}/vacancies?format=xlsx");
        using var vacant = new MemoryStream(await vacancies.Content.ReadAsByteArrayAsync());
        Assert.Equal(["U2"], vacant.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => (string?)r["单元"]));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await operatorClient.GetAsync("/api/leads?format=xlsx"));
    }

    [Theory]
    [InlineData("/api/enterprises?format=pdf")]
    [InlineData("/api/leads?format=docx")]
    public async Task AnUnknownFormatIs400(string path) =>
        await HttpAssert.NamesField(await api.Client(api.AdminToken).GetAsync(path), "format");

    [Theory]
    [InlineData("/api/products")]
    [InlineData("/api/leads")]
    [InlineData("/api/leads/overdue")]
    [InlineData("/api/leads/stale")]
    [InlineData("/api/platforms")]
    [InlineData("/api/institutions")]
    [InlineData("/api/plans/cell-2021/items")]
    [InlineData("/api/reports/single-supplier")]
    [InlineData("/api/picture/enterprises")]
    [InlineData("/api/picture/products")]
    [InlineData("/api/picture/funding")]
    [InlineData("/api/picture/leads")]
    [InlineData("/api/picture/platforms")]
    public async Task EveryListHasItsFile(string path)
    {
        var client = api.Client(api.AdminToken, language: null);
        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync(path));
        var response = await client.GetAsync(path + "?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
        var expected = list.ValueKind == System.Text.Json.JsonValueKind.Array ? list.GetArrayLength() : (int)list.GetProperty("total").GetInt64();
        // An empty list still has its header row (read back as one row of blanks).
        Assert.Equal(Math.Max(expected, 1), rows.Length);
        Assert.All(rows.First().Keys, header => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}|GMP|Ⅰ", header));
    }
}
