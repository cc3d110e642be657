using CellValley.Silo.Hosting;
using Npgsql;

namespace CellValley.Tests.Infrastructure;

/// <summary>
/// One fresh PostgreSQL database per test run, with the project's schema applied. The server is
/// CELLVALLEY_TEST_CONNECTION when set (CI starts one); otherwise an embedded server is started
/// from the machine's PostgreSQL binaries, the same way the service starts its own.
/// </summary>
public sealed class TestDatabase
{
    public const string ServerVariable = "CELLVALLEY_TEST_CONNECTION";
    private static readonly Lazy<Task<TestDatabase>> Shared = new(CreateAsync);
    private static EmbeddedPostgres? _embedded;

    private TestDatabase(string serverConnectionString, string connectionString)
    {
        ServerConnectionString = serverConnectionString;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Connection string to the server's maintenance database.</summary>
    public string ServerConnectionString { get; }

    /// <summary>Connection string to this run's database (schema applied).</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static Task<TestDatabase> GetAsync() => Shared.Value;

    /// <summary>Creates another empty database on the same server, for tests that need their own.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "cellvalley-test-pg");
            var port = int.TryParse(Environment.GetEnvironmentVariable("CELLVALLEY_TEST_PG_PORT"), out var p) ? p : 54329;
            _embedded = await EmbeddedPostgres.StartAsync(dataDirectory, port, null, _ => { });
            if (!_embedded.WasRunning)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _embedded.StopAsync().GetAwaiter().GetResult();
            }

            server = new NpgsqlConnectionStringBuilder(_embedded.ConnectionString) { Database = "postgres" }.ConnectionString;
        }

        var probe = new TestDatabase(server, server);
        var connectionString = await probe.CreateDatabaseAsync("cv_test");
        connectionString = SiloSetup.Tune(connectionString, 40);
        await SchemaMigrator.MigrateAsync(connectionString);
        return new TestDatabase(server, connectionString);
    }
}
