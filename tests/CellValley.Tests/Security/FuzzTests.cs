using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellValley.Tests.Infrastructure;
using Dapper;
using Xunit.Abstractions;

namespace CellValley.Tests.Security;

/// <summary>
/// Hostile requests generated from the OpenAPI document, against every route with a body, a path
/// or query parameter: no answer is a 5xx, every 400 names a field, and a 4xx changes nothing.
/// Runs on a database of its own, so that the fingerprint sees only its own requests.
/// </summary>
public sealed class FuzzTests(IsolatedApiFixture api, ITestOutputHelper output) : IClassFixture<IsolatedApiFixture>
{
    private static readonly string Long = new('长', 3000);

    private static readonly string[] HostilePath = ["%00", "%0Abad", "a%01b", Uri.EscapeDataString(Long), "..%2F..%2Fetc%2Fpasswd", "'%20OR%201=1--", "%F0%9F%98%80", "-1", "0", "%E4%B8%AD%E6%96%87"];

    private static readonly string[] HostileInteger = ["-1", "0", "2147483648", "-2147483649", "99999999999999999999", "abc", "1.5", "%00"];

    private static readonly string[] HostileBoolean = ["maybe", "2", "%00"];

    private static readonly string[] HostileDate = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "2025-02-30", "20250101", "yesterday", "%00"];

    private static readonly string[] HostileText = ["%00", "a%01b", "%0D%0A", Uri.EscapeDataString(Long), "%FF%FE", "'", "%EF%BF%BF"];

    private static readonly string[] HostileBodies =
    [
        "", "null", "[]", "{", "\"text\"", "123", "true", "{\"unknownField\":1}",
        string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200),
        string.Concat(Enumerable.Repeat("[", 5000)),
    ];

    private static JsonNode?[] HostileValues() =>
    [
        null, "\u0000", "a\u0001b", "行一\u000b行二", "", "\uFFFF", JsonNode.Parse("123456789012345678901234567890"),
        JsonValue.Create(-99999999999L), JsonValue.Create(2147483648L), JsonValue.Create(99999999999999999999m), JsonValue.Create(0.000001m), JsonValue.Create(1e300), true, new JsonArray(), new JsonObject(),
        "0001-01-01", "9999-12-31", new string('x', 20000), JsonValue.Create(-1),
    ];

    [Fact]
    public async Task HostileRequestsNeverCauseA5xxAndA4xxChangesNothing()
    {
        // The default language: every refusal below must also be explained in Chinese.
        using var admin = api.Client(api.AdminToken, language: null);
        var surface = await ApiSurface.LoadAsync(admin);
        var seeded = await SeededRegistry.CreateAsync(admin);
        var requests = surface.Operations
            .Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && !o.IsStream)
            .SelectMany(o => Variants(surface, seeded, o))
            .ToList();

        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var fingerprint = await FingerprintAsync();
        foreach (var (operation, label, build) in requests)
        {
            using var request = build();
            using var response = await admin.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var after = await FingerprintAsync();
            if (status >= 500)
            {
                failures.Add($"{operation} [{label}] → {status}: {Truncate(body)}");
            }
            else if (status == 400 && !NamesAField(response, body) && !RefusedByTheServer(label, body))
            {
                failures.Add($"{operation} [{label}] → 400 naming no field: {Truncate(body)}");
            }
            else if (status >= 400 && after != fingerprint)
            {
                failures.Add($"{operation} [{label}] → {status} but the database changed");
            }
            else if (status >= 400 && UntranslatedText(response, body) is { } english)
            {
                failures.Add($"{operation} [{label}] → {status} says in English: {Truncate(english)}");
            }

            fingerprint = after;
            if (status is >= 200 and < 300 && operation.Method != "GET")
            {
                // An accepted change must not break any read that follows it.
                await SweepReadsAsync(admin, surface, seeded, $"after {operation} [{label}]", failures);
            }
        }

        output.WriteLine($"{requests.Count} hostile requests in {clock.Elapsed.TotalSeconds:0.0} s; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(requests.Count >= 2000, $"only {requests.Count} requests were generated");

        // What was accepted reached the read tables too: no accepted value broke a projection.
        await using (var connection = new Npgsql.NpgsqlConnection(api.ConnectionString))
        {
            var faults = await connection.QueryAsync<string>("SELECT entity_type || ' ' || entity_id || ': ' || sql_state || ' ' || message FROM cv_event_faults");
            failures.AddRange(faults.Select(f => "accepted but refused by a read table: " + f));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} answers are wrong:\n" + string.Join("\n", failures.Take(60)));
    }

    private static IEnumerable<(ApiOperation Operation, string Label, Func<HttpRequestMessage> Build)> Variants(
        ApiSurface surface, SeededRegistry seeded, ApiOperation operation)
    {
        var sample = surface.SampleBody(operation);
        var baseBody = sample is null ? null : seeded.Substitute(sample.ToJsonString());
        var query = seeded.Query(operation);

        HttpRequestMessage Build(string url, string? body)
        {
            var request = new HttpRequestMessage(new HttpMethod(operation.Method), url);
            if (operation.Parameters.Any(p => p.Name == "If-Match"))
            {
                request.Headers.TryAddWithoutValidation("If-Match", "*");
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return request;
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var value in HostilePath)
            {
                var url = seeded.Url(operation, new Dictionary<string, string> { [parameter.Name] = value }) + query;
                yield return (operation, $"path {parameter.Name}={Truncate(value)}", () => Build(url, baseBody));
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            var schema = surface.Resolve(parameter.Schema);
            var values = surface.TypeOf(schema) switch
            {
                "integer" or "number" => HostileInteger,
                "boolean" => HostileBoolean,
                _ when schema?["format"]?.GetValue<string>() == "date" => HostileDate,
                _ => HostileText,
            };
            foreach (var value in values)
            {
                var url = seeded.Url(operation) + (query.Length == 0 ? "?" : query + "&") + $"{parameter.Name}={value}";
                yield return (operation, $"query {parameter.Name}={Truncate(value)}", () => Build(url, baseBody));
            }
        }

        if (baseBody is null)
        {
            yield break;
        }

        var target = seeded.Url(operation) + query;
        foreach (var body in HostileBodies)
        {
            yield return (operation, $"body {Truncate(body)}", () => Build(target, body));
        }

        foreach (var path in Paths(JsonNode.Parse(baseBody)!, ""))
        {
            foreach (var value in HostileValues())
            {
                var mutated = JsonNode.Parse(baseBody)!;
                Set(mutated, path, value);
                var json = mutated.ToJsonString();
                yield return (operation, $"{path}={Truncate(value?.ToJsonString() ?? "null")}", () => Build(target, json));
            }
        }
    }

    private static async Task SweepReadsAsync(HttpClient client, ApiSurface surface, SeededRegistry seeded, string when, List<string> failures)
    {
        foreach (var operation in surface.Operations.Where(o => o.Method == "GET" && o.Path.StartsWith("/api/", StringComparison.Ordinal) && !o.IsStream))
        {
            using var response = await client.GetAsync(seeded.Url(operation) + seeded.Query(operation));
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{when}, {operation} → {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>Every member path of a JSON body: "a", "a.b", "list[0]", "list[0].c".</summary>
    private static IEnumerable<string> Paths(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    if (value is not null)
                    {
                        foreach (var inner in Paths(value, path))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray { Count: > 0 } array when array[0] is { } first:
                yield return $"{prefix}[0]";
                foreach (var inner in Paths(first, $"{prefix}[0]"))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = parts[i].StartsWith('[') ? node[int.Parse(parts[i][1..^1])]! : node[parts[i]]!;
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1])] = value;
        }
        else
        {
            node.AsObject()[last] = value;
        }
    }

    /// <summary>
    /// Kestrel refuses a NUL in the URL path itself, before any application code runs, with an empty
    /// 400: the request line is malformed, so there is no field to name (and nothing reached the registry).
    /// </summary>
    private static bool RefusedByTheServer(string label, string body) =>
        label.StartsWith("path ", StringComparison.Ordinal) && label.EndsWith("=%00", StringComparison.Ordinal) && body.Length == 0;

    private static bool NamesAField(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("errors", out var errors)
            && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any(e => e.Name.Length > 0 && e.Value.GetArrayLength() > 0);
    }

    /// <summary>The first title, detail or rule of a problem that has no Chinese in it, if any.</summary>
    private static string? UntranslatedText(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var texts = new List<string?> { root.GetProperty("title").GetString() };
        if (root.TryGetProperty("detail", out var detail))
        {
            texts.Add(detail.GetString());
        }

        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            texts.AddRange(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(e => e.GetString()));
        }

        return texts.FirstOrDefault(t => t is null || !t.Any(c => c is >= '\u4E00' and <= '\u9FFF'));
    }

    /// <summary>What a change anywhere in the registry would move: the event log, grain states, tokens, faults.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var row = await connection.QuerySingleAsync<(long Events, long States, long Versions, long Tokens, long Faults)>(
            """
            SELECT (SELECT coalesce(max(id), 0) FROM cv_events),
                   (SELECT count(*) FROM orleansstorage),
                   (SELECT coalesce(sum(version), 0) FROM orleansstorage),
                   (SELECT count(*) FROM cv_api_tokens),
                   (SELECT count(*) FROM cv_event_faults)
            """);
        return row.ToString();
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
