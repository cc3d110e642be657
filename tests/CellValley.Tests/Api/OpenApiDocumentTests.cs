using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CellValley.Tests.Infrastructure;
using CellValley.Tests.Security;

namespace CellValley.Tests.Api;

/// <summary>The OpenAPI document tells the truth: generated without a database, every error documented, every example accepted.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture api)
{
    private static async Task<JsonNode> GenerateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cv-openapi-{Guid.NewGuid():N}.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CellValley.Silo.dll"));
        info.ArgumentList.Add("openapi");
        info.ArgumentList.Add(path);
        info.Environment.Remove("CellValley__ConnectionString");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    [Fact]
    public async Task TheDocumentIsGeneratedWithoutADatabaseAndDocumentsEveryError()
    {
        var document = await GenerateAsync();
        var operations = Operations(document).ToList();

        Assert.True(operations.Count >= 70, $"only {operations.Count} operations");
        Assert.All(operations, o => Assert.StartsWith("/api/", o.Path, StringComparison.Ordinal));
        Assert.All(operations, o => Assert.Contains(o.Operation["responses"]!.AsObject(), r => r.Key.StartsWith('4')));
        Assert.All(operations, o => Assert.Contains("401", o.Operation["responses"]!.AsObject().Select(r => r.Key)));
        // JSON bodies carry an example; the one upload (an import's file) is a multipart form.
        Assert.All(operations.Where(o => o.Operation["requestBody"] is not null), o => Assert.True(
            o.Operation["requestBody"]!["content"]!["application/json"]?["example"] is not null
            || o.Operation["requestBody"]!["content"]!["multipart/form-data"] is not null, $"{o.Method} {o.Path}"));
        Assert.All(operations.Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "If-Match") == true),
            o => Assert.Contains("412", o.Operation["responses"]!.AsObject().Select(r => r.Key)));

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("decimal", schemas["EnterpriseDto"]!["properties"]!["revenueYuan"]!["format"]!.GetValue<string>());
        Assert.Equal(["creditCode", "name", "segments"], schemas["RegisterEnterpriseRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        var update = document["paths"]!["/api/enterprises/{code}"]!["patch"]!;
        Assert.True(update["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match")!["required"]!.GetValue<bool>());
        Assert.NotNull(update["responses"]!["428"]);
        Assert.NotNull(update["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(document["paths"]!["/api/enterprises"]!["post"]!["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(document["paths"]!["/api/changes"]!["get"]!["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.NotNull(document["paths"]!["/api/enterprises/{code}/funding"]!["post"]!["responses"]!["422"]);
    }

    [Fact]
    public async Task EveryDocumentedExampleIsAcceptedOrAnsweredWithADocumentedProblem()
    {
        using var admin = api.Client(api.AdminToken);
        var surface = await ApiSurface.LoadAsync(admin);
        var seeded = await SeededRegistry.CreateAsync(admin);
        var document = JsonNode.Parse(await admin.GetStringAsync("/swagger/v1/swagger.json"))!;
        var answers = new List<string>();
        var accepted = 0;
        foreach (var operation in surface.Operations.Where(o => o.Example is not null))
        {
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), seeded.Url(operation) + seeded.Query(operation))
            {
                Content = new StringContent(seeded.Substitute(operation.Example!.ToJsonString()), Encoding.UTF8, "application/json"),
            };
            if (operation.Parameters.Any(p => p.Name == "If-Match"))
            {
                request.Headers.TryAddWithoutValidation("If-Match", "*");
            }

            using var response = await admin.SendAsync(request);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var documented = document["paths"]![operation.Path]![operation.Method.ToLowerInvariant()]!["responses"]!.AsObject().Select(r => r.Key);
            if ((int)response.StatusCode is >= 200 and < 300)
            {
                accepted++;
            }
            else if (!documented.Contains(status))
            {
                answers.Add($"{operation}: {status} is not documented: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(answers.Count == 0, string.Join("\n", answers));
        // Most examples work as they stand once their ids name real records.
        Assert.True(accepted >= 20, $"only {accepted} examples were accepted");
    }
}
