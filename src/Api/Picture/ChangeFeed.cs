using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using CellValley.Api.Auth;
using CellValley.Grains.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellValley.Api.Picture;

/// <summary>
/// This silo's ear on the change feed (PostgreSQL notifications on <see cref="ChangeFeedChannel.Channel"/>, sent by the
/// event log's commits): marks the cached picture (and, on park changes, the cached tenancies) stale and hands every
/// notice to the browsers listening on /api/changes (each through a bounded queue, so a slow reader loses old notices
/// rather than holding up the feed). The connection is kept for good: lost, it is made again with growing pauses
/// (at most 30 s), and what was missed meanwhile is made up by marking everything stale once back.
/// </summary>
public sealed partial class ChangeFeed(
    NpgsqlDataSource dataSource, PictureService picture, Parks.TenancyCache tenancies, IHostApplicationLifetime lifetime, ILogger<ChangeFeed> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan Ping = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, Channel<ChangeNotice>> _listeners = new();
    private volatile bool _listening;
    private DateTimeOffset? _lostAt;

    /// <summary>Whether this silo hears the feed now.</summary>
    public bool Listening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listen once the service runs (the schema is in place by then).
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await Task.WhenAny(started.Task, Task.Delay(Timeout.Infinite, stoppingToken));
        }

        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(ChangeFeedChannel.Parse(e.Payload));
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeFeedChannel.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _listening = true;
                pause = TimeSpan.FromSeconds(1);
                if (_lostAt is { } lost)
                {
                    LogBack(logger, DateTimeOffset.UtcNow - lost);
                    _lostAt = null;
                }

                // Whatever committed while this silo was not listening: every cached view is stale.
                picture.OnChange();
                tenancies.OnParkChange();
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        if (!await connection.WaitAsync(Ping, stoppingToken))
                        {
                            // Quiet for a while: make sure the connection is still there (a dead one throws here).
                            await using var check = new NpgsqlCommand("SELECT 1 AS cv_changes_alive", connection);
                            await check.ExecuteScalarAsync(stoppingToken);
                        }
                    }
                }
                finally
                {
                    // The connection goes back to the pool: it must not keep listening there, or PostgreSQL would queue notices for it.
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _listening = false;
                _lostAt ??= DateTimeOffset.UtcNow;
                LogLost(logger, ex, pause.TotalSeconds);
                await Task.Delay(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromSeconds(Math.Min(30, pause.TotalSeconds * 2));
            }
        }

        _listening = false;
        foreach (var listener in _listeners.Values)
        {
            listener.Writer.TryComplete();
        }
    }

    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // A broken connection is not reused by the pool.
        }
    }

    /// <summary>Ready with the feed or without it (the data are right either way); degraded while it is not heard, saying since when.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_listening
            ? HealthCheckResult.Healthy("listening to the change feed")
            : HealthCheckResult.Degraded(_lostAt is { } lost ? $"not hearing the change feed since {lost:O}; cached views refresh when it is back" : "not yet listening to the change feed"));

    private void Deliver(IReadOnlyList<ChangeNotice> notices)
    {
        if (notices.Count == 0)
        {
            return;
        }

        picture.OnChange();
        if (notices.Any(n => n.EntityType == Grains.Parks.ParkGrain.EntityType))
        {
            tenancies.OnParkChange();
        }

        foreach (var listener in _listeners.Values)
        {
            foreach (var notice in notices)
            {
                listener.Writer.TryWrite(notice);
            }
        }
    }

    /// <summary>The notices this caller may see, from now until the request ends.</summary>
    public async IAsyncEnumerable<ChangeNotice> ReadAsync(ClaimsPrincipal user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<ChangeNotice>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners[id] = channel;
        try
        {
            await foreach (var notice in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (MaySee(user, notice))
                {
                    yield return notice;
                }
            }
        }
        finally
        {
            _listeners.TryRemove(id, out _);
        }
    }

    /// <summary>Admins, staff and viewers see everything; an enterprise its own record; a park operator its park.</summary>
    public static bool MaySee(ClaimsPrincipal user, ChangeNotice notice) => user.Role() switch
    {
        ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer => true,
        ApiRoles.Enterprise => notice.EntityType == "enterprise" && notice.EntityId == user.Scope(),
        ApiRoles.ParkOperator => notice.EntityType == "park" && notice.EntityId == user.Scope(),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the change feed; listening again in {Seconds} s")]
    private static partial void LogLost(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hearing the change feed again after {Gap}")]
    private static partial void LogBack(ILogger logger, TimeSpan gap);
}
