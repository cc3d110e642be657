using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// Applies the numbered scripts in Schema/ once each, in order, recording them in
/// cv_schema_versions. An advisory lock lets several silos start against one database at once.
/// </summary>
public static class SchemaMigrator
{
    private const long LockKey = 0x43_56_53_43_48_45_4D_41; // "CVSCHEMA"

    public static Task<IReadOnlyList<string>> MigrateAsync(string connectionString) =>
        Exclusively(connectionString, () =>
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => name.Contains(".Schema.", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "cv_schema_versions")
                .WithTransactionPerScript()
                .LogTo(new NullUpgradeLog())
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new StartupException($"Applying the database schema failed at {result.ErrorScript?.Name}: {result.Error?.Message}");
            }

            return Task.FromResult<IReadOnlyList<string>>(result.Scripts.Select(s => s.Name).ToArray());
        });

    /// <summary>
    /// Runs a start-up step while holding the database's start-up lock, so that silos starting together against one
    /// database take turns (the schema, the first admin token and account are made once, never twice at the same moment).
    /// </summary>
    public static async Task<T> Exclusively<T>(string connectionString, Func<Task<T>> step)
    {
        // Its own session, closed afterwards: the advisory lock can never outlive it in a pool.
        await using var lockConnection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await lockConnection.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", LockKey);
            await take.ExecuteNonQueryAsync();
        }

        try
        {
            return await step();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", LockKey);
            await release.ExecuteNonQueryAsync();
        }
    }

    private sealed class NullUpgradeLog : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args)
        {
        }

        public void LogWarning(string format, params object[] args)
        {
        }

        public void LogError(string format, params object[] args)
        {
        }

        public void LogError(Exception ex, string format, params object[] args)
        {
        }
    }
}
