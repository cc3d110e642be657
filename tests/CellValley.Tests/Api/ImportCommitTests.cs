using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;
using MiniExcelLibs;

namespace CellValley.Tests.Api;

/// <summary>An enterprise roster imported through the grains: rows that pass are written (attributed to the importer), the rest are not, and the import is recorded.</summary>
[Collection(ApiCollection.Name)]
public sealed class ImportCommitTests(ApiFixture api)
{
    private static byte[] Workbook(string[] headers, params object?[][] rows) => ImportClient.Workbook(headers, rows);

    private static Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string mode) => ImportClient.CommitAsync(client, "enterprises", file, mode);

    [Fact]
    public async Task RowsThatPassAreWrittenThroughTheGrainAndTheImportIsRecorded()
    {
        var client = api.Client(api.AdminToken, language: null);
        var (known, fresh) = (Codes.NewCode(), Codes.NewCode());
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new { creditCode = known, name = "导入已有生物", segments = new[] { "抗体" }, headcount = 40 }));
        string[] headers = ["统一社会信用代码", "企业名称", "细分领域", "从业人数", "营业收入（万元）"];
        var report = await ImportAsync(client, Workbook(headers,
            [fresh, "导入新增生物", "细胞治疗", 25, 1200],
            [known, "导入已有生物", "抗体", 45, null],
            [Codes.NewCode(), "领域未知", "炼金术", null, null]), "upsert");

        Assert.False(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["created", "updated", "refused"], report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
        var created = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{fresh}"));
        Assert.Equal(("导入新增生物", 25, 12_000_000m), (created.GetProperty("name").GetString(), created.GetProperty("headcount").GetInt32(), created.GetProperty("revenueYuan").GetDecimal()));
        var updated = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{known}"));
        Assert.Equal((45, 2), (updated.GetProperty("headcount").GetInt32(), updated.GetProperty("version").GetInt32()));

        // The history names who imported, as it would for an edit through the API.
        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{fresh}/history"));
        Assert.Equal("admin", history[0].GetProperty("actorRole").GetString());

        // The import is recorded with its file's hash and each row's outcome.
        var id = report.GetProperty("importId").GetString();
        var recorded = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/imports/{id}"));
        Assert.Equal(report.GetProperty("sha256").GetString(), recorded.GetProperty("sha256").GetString());
        Assert.Equal(1, recorded.GetProperty("counts").GetProperty("created").GetInt32());
        Assert.Equal("refused", recorded.GetProperty("items")[2].GetProperty("outcome").GetString());
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/imports/INOSUCH"));

        // Create-only leaves a known enterprise alone.
        var again = await ImportAsync(client, Workbook(headers, [known, "导入已有生物（改名）", "抗体", 99, null]), "create");
        Assert.Equal("refused", again.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Equal(45, (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{known}"))).GetProperty("headcount").GetInt32());
    }

    [Fact]
    public async Task AnExportedListImportedBackInUpdateModeChangesNothing()
    {
        var client = api.Client(api.AdminToken, language: null);
        var district = "往返区" + Guid.NewGuid().ToString("N")[..6];
        foreach (var (name, segments, headcount) in new[] { ("往返一号生物", new[] { "细胞治疗", "抗体" }, (int?)120), ("往返二号医药", new[] { "化学药" }, null) })
        {
            await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
                new { creditCode = Codes.NewCode(), name, segments, district, foundedOn = "2018-05-20", headcount, nameEn = "Round Trip Co." }));
        }

        var exported = await client.GetAsync($"/api/enterprises?district={Uri.EscapeDataString(district)}&format=xlsx");
        var file = await exported.Content.ReadAsByteArrayAsync();
        var report = await ImportAsync(client, file, "update");
        Assert.Equal(["unchanged", "unchanged"], report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises?district={Uri.EscapeDataString(district)}"));
        Assert.All(list.GetProperty("items").EnumerateArray(), e => Assert.Equal(1, e.GetProperty("version").GetInt32()));
    }
}
