using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

[Collection(ApiCollection.Name)]
public sealed class PictureFreshnessTests(ApiFixture api)
{
    /// <summary>Backends of this database whose last statement mentions the change feed's channel: its listeners.</summary>
    private const string Listeners = "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%cv_changes%' AND pid <> pg_backend_pid()";

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/picture"))).GetProperty("enterprises").GetProperty("total").GetInt32();

    /// <summary>Registers an enterprise; returns the picture's total once it differs from <paramref name="before"/>, or at the deadline.</summary>
    private static async Task<int> RegisterAndWaitAsync(HttpClient client, string name, int before, DateTime deadline, Func<Task>? meanwhile = null)
    {
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = Codes.NewCode(), name, segments = new[] { "抗体" }, foundedOn = "2026-01-01" }));
        if (meanwhile is not null)
        {
            await meanwhile();
        }

        var now = before;
        while (now == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            now = await TotalAsync(client);
        }

        return now;
    }

    private static async Task<int> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ACommittedChangeReachesTheCachedPicture()
    {
        using var client = api.Client(api.AdminToken);
        var before = await TotalAsync(client);

        // The functional bound is generous; the freshness target is measured by the benchmark.
        var now = await RegisterAndWaitAsync(client, "新鲜度测试", before, DateTime.UtcNow.AddSeconds(10));

        Assert.Equal(before + 1, now);
    }

    [Fact]
    public async Task TheFeedListensAgainWhenItsConnectionIsCutAndThePictureCatchesUp()
    {
        using var client = api.Client(api.AdminToken);
        var database = await TestDatabase.GetAsync();
        var before = await TotalAsync(client);
        Assert.True(await CountAsync(database, "SELECT count(pg_terminate_backend(pid)) " + Listeners) >= 1, "no silo was listening to the change feed");

        // A change committed while no one listens is not lost to the picture: once the feed is heard again, every view is refreshed.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var now = await RegisterAndWaitAsync(client, "断线重连测试", before, deadline, async () =>
        {
            while (await CountAsync(database, "SELECT count(*) " + Listeners) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(await CountAsync(database, "SELECT count(*) " + Listeners) >= 1, "the feed did not listen again");
        });

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
