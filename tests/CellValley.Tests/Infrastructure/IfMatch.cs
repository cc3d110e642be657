using System.Net.Http.Json;

namespace CellValley.Tests.Infrastructure;

/// <summary>A change sent with the If-Match of the version just read, as a client that read before it wrote does.</summary>
public static class IfMatch
{
    /// <summary>Reads <paramref name="resource"/> for its ETag, then sends the body to resource + action with it.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string resource, string action, object body)
    {
        var current = await client.GetAsync(resource);
        using var request = new HttpRequestMessage(method, resource + action) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await client.SendAsync(request);
    }
}
