using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellValley.Bench;

/// <summary>
/// What a team would write without actors: minimal endpoints doing the same durable work directly
/// with Dapper (state row, event row and read row in one transaction), a Dapper read, and a
/// constant answer (the HTTP ceiling). Runs in the benchmark process on its own tables.
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BaselineServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BaselineServer> StartAsync(string connectionString, IReadOnlyList<string> codes, string profileJson)
    {
        var db = NpgsqlDataSource.Create(connectionString);
        await using (var connection = await db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                DROP TABLE IF EXISTS bench_state, bench_events, bench_read;
                CREATE TABLE bench_state (code text PRIMARY KEY, payload jsonb NOT NULL, version int NOT NULL);
                CREATE TABLE bench_events (code text NOT NULL, seq int NOT NULL, changes jsonb NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (code, seq));
                CREATE TABLE bench_read (code text PRIMARY KEY, name text NOT NULL, headcount int NULL, version int NOT NULL);
                INSERT INTO bench_state SELECT credit_code, to_jsonb(e), 1 FROM cv_enterprises e WHERE credit_code = ANY(@codes);
                INSERT INTO bench_read SELECT credit_code, name, headcount, 1 FROM cv_enterprises WHERE credit_code = ANY(@codes);
                """,
                new { codes = codes.ToArray() });
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapMethods("/baseline/enterprises/{code}", ["PATCH"], async (string code, HttpContext http) =>
        {
            var headcount = (await http.Request.ReadFromJsonAsync<Change>())?.Headcount ?? 0;
            await using var connection = await db.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var version = await connection.ExecuteScalarAsync<int?>(
                "UPDATE bench_state SET payload = jsonb_set(payload, '{headcount}', to_jsonb(@headcount)), version = version + 1 WHERE code = @code RETURNING version",
                new { code, headcount }, transaction);
            if (version is null)
            {
                return Results.NotFound();
            }

            await connection.ExecuteAsync(
                "INSERT INTO bench_events (code, seq, changes, at) VALUES (@code, @version, jsonb_build_object('headcount', @headcount), now())",
                new { code, version, headcount }, transaction);
            await connection.ExecuteAsync("UPDATE bench_read SET headcount = @headcount, version = @version WHERE code = @code", new { code, headcount, version }, transaction);
            await transaction.CommitAsync();
            return Results.Ok(new { code, headcount, version });
        });
        app.MapGet("/baseline/enterprises/{code}", async (string code) =>
        {
            await using var connection = await db.OpenConnectionAsync();
            var row = await connection.QuerySingleOrDefaultAsync<ReadRow>("SELECT code AS Code, name AS Name, headcount AS Headcount, version AS Version FROM bench_read WHERE code = @code", new { code });
            return row is null ? Results.NotFound() : Results.Ok(row);
        });
        // The ceiling: a profile of the same shape and size as the service's, held in memory and
        // serialized per request like any answer.
        var constant = System.Text.Json.JsonDocument.Parse(profileJson).RootElement.Clone();
        app.MapGet("/baseline/constant", () => Results.Ok(constant));
        await app.StartAsync();
        var address = app.Urls.First();
        return new BaselineServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Change(int? Headcount);

    public sealed record ReadRow
    {
        public string Code { get; init; } = "";

        public string Name { get; init; } = "";

        public int? Headcount { get; init; }

        public int Version { get; init; }
    }
}
