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

    /// <summary>
    /// Databases earlier runs made (their names carry the time they were made) are dropped once they are six hours old:
    /// a run never leaves the server to fill up, and a run still going on the same server keeps its own.
    /// </summary>
    private static async Task DropStaleAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname ~ '^cv_[a-z_]+_[0-9]{14}_'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var cutoff = DateTime.UtcNow.AddHours(-6);
        foreach (var name in names)
        {
            var stamp = System.Text.RegularExpressions.Regex.Match(name, "_([0-9]{14})_").Groups[1].Value;
            if (DateTime.TryParseExact(stamp, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var made) && made < cutoff)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
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
        await DropStaleAsync(server);
        var connectionString = await probe.CreateDatabaseAsync("cv_test");
        connectionString = SiloSetup.Tune(connectionString, 40);
        await SchemaMigrator.MigrateAsync(connectionString);
        return new TestDatabase(server, connectionString);
    }
}
