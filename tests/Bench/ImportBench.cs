using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CellValley.Grains.Common;
using MiniExcelLibs;

namespace CellValley.Bench;

/// <summary>
/// The import row: a workbook of N enterprises — the roster with each one's tier recognition, a product
/// each and a funding round each — checked (dry run) and imported through the API, end to end as a person
/// would (upload, wait for the background import to finish), in enterprises per second.
/// </summary>
public static class ImportBench
{
    public sealed record Figures(double DryRunRate, double CommitRate, int Created, int Refused, string? FirstRefusal, double TransactionsPerEnterprise, double RowsWrittenPerEnterprise);

    /// <summary>The workbook: 企业名录 (with 梯度), 产品管线 and 融资与资助 sheets, codes from <paramref name="offset"/>.</summary>
    public static byte[] Workbook(int enterprises, long offset)
    {
        string[] tiers = ["雏鹰", "瞪羚", "领军培育", "领军"];
        string[] segments = ["细胞治疗", "干细胞", "抗体", "基因治疗", "高端医疗器械", "化学药"];
        string[] kinds = ["CAR-T 细胞治疗", "抗体药物", "化学药", "第二类医疗器械"];
        string[] stages = ["临床前研究", "I期临床", "II期临床", "批准上市"];
        var codes = Enumerable.Range(0, enterprises).Select(i => CreditCode.Synthetic(offset + i)).ToArray();
        var roster = codes.Select((code, i) => new Dictionary<string, object?>
        {
            ["统一社会信用代码"] = code, ["企业名称"] = $"导入基准生物科技{offset + i}有限公司", ["细分领域"] = segments[i % segments.Length],
            ["成立日期"] = new DateTime(2010 + i % 14, 1 + i % 12, 1 + i % 28), ["所在区"] = "滨海新区", ["从业人数"] = 20 + i % 300,
            ["营业收入（万元）"] = 500 + i % 9000, ["梯度"] = i % 2 == 0 ? tiers[i % tiers.Length] : null, ["认定日期"] = i % 2 == 0 ? new DateTime(2024, 6, 30) : null,
            ["认定说明"] = i % 2 == 0 ? "2024年市级认定名单" : null,
        });
        var products = codes.Select((code, i) => new Dictionary<string, object?>
        {
            ["统一社会信用代码"] = code, ["产品名称"] = $"BM-{offset + i}", ["产品类别"] = kinds[i % kinds.Length], ["阶段"] = stages[i % stages.Length],
            ["进入阶段日期"] = new DateTime(2025, 1 + i % 12, 1),
        });
        var funding = codes.Select((code, i) => new Dictionary<string, object?>
        {
            ["统一社会信用代码"] = code, ["类型"] = "股权融资", ["日期"] = $"2025年{1 + i % 12}月", ["金额（万元）"] = 1000 + i % 20000, ["轮次"] = "A轮",
            ["投资方"] = "滨海产业基金（政府引导基金，领投）、某创投（风险投资）",
        });
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["企业名录"] = roster, ["产品管线"] = products, ["融资与资助"] = funding });
        return stream.ToArray();
    }

    public static async Task<Figures> MeasureAsync(string url, string token, string connection, int enterprises, long offset)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var file = Workbook(enterprises, offset);
        var clock = Stopwatch.StartNew();
        var dry = await PostAsync(http, "/api/imports/enterprises/dry-run?mode=create", file);
        var dryRun = clock.Elapsed.TotalSeconds;
        Expect(dry, "created", 3 * enterprises);

        var before = await ActivityAsync(connection);
        clock.Restart();
        var started = await PostAsync(http, "/api/imports/enterprises/commit?mode=create", file);
        var id = started.GetProperty("importId").GetString();
        var done = started;
        while (done.GetProperty("state").GetString() == "running")
        {
            await Task.Delay(200);
            done = await GetAsync(http, $"/api/imports/{id}");
        }

        var commit = clock.Elapsed.TotalSeconds;
        if (done.GetProperty("state").GetString() != "done")
        {
            throw new InvalidOperationException($"the import ended {done.GetProperty("state").GetString()}");
        }

        var after = await ActivityAsync(connection);
        var counts = done.GetProperty("counts");
        var refusal = done.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("outcome").GetString() == "refused");
        return new Figures(enterprises / dryRun, enterprises / commit, counts.GetProperty("created").GetInt32(), counts.GetProperty("refused").GetInt32(),
            refusal.ValueKind == JsonValueKind.Undefined ? null : refusal.ToString(),
            (after.Commits - before.Commits) / (double)enterprises, (after.Rows - before.Rows) / (double)enterprises);
    }

    /// <summary>The database's committed transactions and rows written so far (inserted + updated + deleted).</summary>
    private static async Task<(long Commits, long Rows)> ActivityAsync(string connection)
    {
        await using var c = new Npgsql.NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()", c);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Expect(JsonElement report, string outcome, int count)
    {
        var got = report.GetProperty("counts").GetProperty(outcome).GetInt32();
        if (got != count)
        {
            var first = report.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("outcome").GetString() != outcome);
            throw new InvalidOperationException($"the dry run says {got} {outcome} of {count}; first other row: {first}");
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, byte[] file)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "基准名录.xlsx" } };
        using var response = await http.PostAsync(path, form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path) => JsonDocument.Parse(await http.GetStringAsync(path)).RootElement.Clone();
}
