using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using CellValley.Api.Auth;
using CellValley.Grains.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace CellValley.Api.Picture;

/// <summary>
/// This silo's subscription to the change feed: marks the cached picture (and, on park changes, the
/// cached tenancies) stale and hands every
/// notice to the browsers listening on /api/changes (each through a bounded queue, so a slow reader
/// loses old notices rather than holding up the feed).
/// </summary>
public sealed partial class ChangeFeed(
    IClusterClient client, PictureService picture, Parks.TenancyCache tenancies, IHostApplicationLifetime lifetime, ILogger<ChangeFeed> logger)
    : IHostedService, IAsyncObserver<ChangeBatch>
{
    private readonly ConcurrentDictionary<Guid, Channel<ChangeNotice>> _listeners = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The silo starts with the host; subscribe once everything runs.
        lifetime.ApplicationStarted.Register(() => _ = SubscribeAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // The subscription lives in the silo's in-memory pub-sub and ends with it; only the listeners need closing.
        foreach (var listener in _listeners.Values)
        {
            listener.Writer.TryComplete();
        }

        return Task.CompletedTask;
    }

    public Task OnNextAsync(ChangeBatch item, StreamSequenceToken? token = null)
    {
        picture.OnChange();
        if (item.Notices.Any(n => n.EntityType == Grains.Parks.ParkGrain.EntityType))
        {
            tenancies.OnParkChange();
        }

        foreach (var listener in _listeners.Values)
        {
            foreach (var notice in item.Notices)
            {
                listener.Writer.TryWrite(notice);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogFeedError(logger, ex);
        return Task.CompletedTask;
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

    private async Task SubscribeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stream = client.GetStreamProvider(ChangeFeedNames.Provider).GetStream<ChangeBatch>(ChangeFeedNames.Stream);
                await stream.SubscribeAsync(this);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ex is not OutOfMemoryException)
            {
                LogSubscribeRetry(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the change feed failed (attempt {Attempt}); retrying")]
    private static partial void LogSubscribeRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed reported an error")]
    private static partial void LogFeedError(ILogger logger, Exception exception);
}
