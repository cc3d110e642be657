using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// Keeps the embedded PostgreSQL running: if its postmaster dies (killed, out of memory), it is
/// started again within seconds. Meanwhile the API answers 503 and recovers by itself once the
/// server is back, since every request opens its connection from the pool afresh.
/// </summary>
public sealed partial class PostgresSupervisor(EmbeddedPostgres server, NpgsqlDataSource dataSource, ILogger<PostgresSupervisor> logger) : BackgroundService
{
    /// <summary>How often the postmaster is looked at.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (server.IsRunning())
            {
                continue;
            }

            LogStopped(logger, server.Port);
            try
            {
                await server.RestartAsync();
                // Every pooled connection went down with the old server: drop them all (the data
                // source's and the Orleans providers'), so no request meets a dead one.
                dataSource.Clear();
                NpgsqlConnection.ClearAllPools();
                LogRestarted(logger, server.Port);
            }
            catch (StartupException ex)
            {
                // Backends of the dead server may still hold its shared memory for a moment; the next tick tries again.
                LogRestartFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The embedded PostgreSQL on port {Port} has stopped; starting it again")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedded PostgreSQL on port {Port} runs again")]
    private static partial void LogRestarted(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedded PostgreSQL could not be started yet: {Message}")]
    private static partial void LogRestartFailed(ILogger logger, string message);
}
