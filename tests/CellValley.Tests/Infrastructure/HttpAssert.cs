using System.Net;
using System.Text.Json;

namespace CellValley.Tests.Infrastructure;

/// <summary>Assertions on HTTP responses and RFC 9457 problem details.</summary>
public static class HttpAssert
{
    public static async Task<JsonElement> Status(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true;
        return body.Length == 0 || !isJson ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem response and returns it.</summary>
    public static async Task<JsonElement> Problem(HttpStatusCode expected, HttpResponseMessage response)
    {
        var problem = await Status(expected, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 whose errors name the field, with a rule containing the text.</summary>
    public static async Task<JsonElement> NamesField(HttpResponseMessage response, string field, string ruleContains = "")
    {
        var problem = await Problem(HttpStatusCode.BadRequest, response);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no 'errors' in {problem}");
        Assert.True(errors.TryGetProperty(field, out var rules), $"'{field}' not named in {errors}");
        Assert.Contains(rules.EnumerateArray(), r => r.GetString()!.Contains(ruleContains, StringComparison.Ordinal));
        return problem;
    }
}
