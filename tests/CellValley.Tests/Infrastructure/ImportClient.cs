using System.Net;
using System.Text.Json;
using MiniExcelLibs;

namespace CellValley.Tests.Infrastructure;

/// <summary>Sheets to upload, and an import committed and followed (202, then GET until it is done).</summary>
public static class ImportClient
{
    public static byte[] Workbook(string[] headers, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => headers.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToArray());
        return stream.ToArray();
    }

    public static MultipartFormDataContent Form(byte[] file, string name = "导入.xlsx") => new() { { new ByteArrayContent(file), "file", name } };

    public static async Task<JsonElement> DryRunAsync(HttpClient client, string kind, byte[] file, string mode = "upsert") =>
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsync($"/api/imports/{kind}/dry-run?mode={mode}", Form(file)));

    /// <summary>Commits the file and waits until the import is done; answers the import as recorded.</summary>
    public static async Task<JsonElement> CommitAsync(HttpClient client, string kind, byte[] file, string mode = "upsert")
    {
        var response = await client.PostAsync($"/api/imports/{kind}/commit?mode={mode}", Form(file));
        var started = await HttpAssert.Status(HttpStatusCode.Accepted, response);
        Assert.Equal($"/api/imports/{started.GetProperty("importId").GetString()}", response.Headers.Location?.OriginalString);
        return await DoneAsync(client, started.GetProperty("importId").GetString()!);
    }

    public static async Task<JsonElement> DoneAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var progress = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/imports/{id}?items=false"));
            Assert.Equal(0, progress.GetProperty("items").GetArrayLength());
            if (progress.GetProperty("state").GetString() != "running")
            {
                Assert.Equal("done", progress.GetProperty("state").GetString());
                return await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/imports/{id}"));
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"import {id} still running after a minute");
    }

    public static string[] Outcomes(JsonElement report) => report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()!).ToArray();

    public static string Problems(JsonElement report, int index) =>
        string.Join("；", report.GetProperty("items")[index].GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("column").GetString()}：{p.GetProperty("message").GetString()}"));
}
