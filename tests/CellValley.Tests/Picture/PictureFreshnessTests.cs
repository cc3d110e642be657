using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

[Collection(ApiCollection.Name)]
public sealed class PictureFreshnessTests(ApiFixture api)
{
    [Fact]
    public async Task ACommittedChangeReachesTheCachedPicture()
    {
        using var client = api.Client(api.AdminToken);
        async Task<int> Total() => (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/picture")))
            .GetProperty("enterprises").GetProperty("total").GetInt32();

        var before = await Total();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = Codes.NewCode(), name = "新鲜度测试", segments = new[] { "抗体" }, foundedOn = "2026-01-01" }));

        // The functional bound is generous; the one-second freshness target is measured by the benchmark.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var now = before;
        while (now == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            now = await Total();
        }

        Assert.Equal(before + 1, now);
    }

    [Fact]
    public async Task TheFeedListensAgainWhenItsConnectionIsCutAndThePictureCatchesUp()
    {
        using var client = api.Client(api.AdminToken);
        async Task<int> Total() => (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/picture")))
            .GetProperty("enterprises").GetProperty("total").GetInt32();
        var database = await TestDatabase.GetAsync();
        async Task<int> CutListenersAsync()
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var cut = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%cv_changes%' AND pid <> pg_backend_pid()",
                connection);
            return Convert.ToInt32(await cut.ExecuteScalarAsync());
        }

        async Task<int> ListenersAsync()
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var count = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%cv_changes%' AND pid <> pg_backend_pid()", connection);
            return Convert.ToInt32(await count.ExecuteScalarAsync());
        }

        var before = await Total();
        Assert.True(await CutListenersAsync() >= 1, "no silo was listening to the change feed");

        // A change committed while no one listens is not lost to the picture: once the feed is heard again, every view is refreshed.
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = Codes.NewCode(), name = "断线重连测试", segments = new[] { "抗体" }, foundedOn = "2026-01-01" }));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ListenersAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(await ListenersAsync() >= 1, "the feed did not listen again");
        var now = before;
        while (now == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            now = await Total();
        }

        Assert.Equal(before + 1, now);
    }

    [Fact]
    public async Task AViewOfAParkThatDoesNotExistIsNotFound()
    {
        using var client = api.Client(api.AdminToken);
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/picture?park=no-such-park-" + Guid.NewGuid().ToString("N")[..6]));
    }

    [Fact]
    public async Task TheChangeFeedStreamsCommittedChangesAsServerSentEvents()
    {
        using var client = api.Client(api.AdminToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("/api/changes", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = "事件流测试", segments = new[] { "抗体" } }));

        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(code, StringComparison.Ordinal))
            {
                Assert.Contains("EnterpriseRegistered", line);
                return;
            }
        }

        Assert.Fail("the change never arrived on the feed");
    }
}
