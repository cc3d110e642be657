using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>Revoking a token ends what it has open, not only what it asks next.</summary>
[Collection(ApiCollection.Name)]
public sealed class RevocationTests(ApiFixture api)
{
    [Fact]
    public async Task ARevokedTokensOpenChangeFeedIsClosedWithinThirtySeconds()
    {
        using var admin = api.Client(api.AdminToken);
        var minted = await HttpAssert.Status(HttpStatusCode.Created,
            await admin.PostAsJsonAsync("/api/admin/tokens", new { role = "viewer", label = "领导驾驶舱 大屏" }));
        using var viewer = api.Client(minted.GetProperty("token").GetString());
        viewer.Timeout = TimeSpan.FromSeconds(90);

        using var response = await viewer.GetAsync("/api/changes", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());

        await HttpAssert.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/tokens/{minted.GetProperty("id").GetString()}"));
        var revokedAt = Stopwatch.StartNew();

        // Read until the server ends the stream; a stream left open fails the test after 45 s.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            lines.Add(line);
        }

        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(30), $"closed after {revokedAt.Elapsed}");
        Assert.Contains("event: revoked", lines);
    }
}
