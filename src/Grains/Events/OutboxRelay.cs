using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellValley.Grains.Events;

/// <summary>
/// Moves a grain's outbox into the event log. The grain has already written its state (with the
/// outbox) before this runs, so a failure here loses nothing: the events stay pending and are
/// retried on the next command, on a timer, and on the next activation.
/// </summary>
public sealed partial class OutboxRelay(EventStore store, ILogger<OutboxRelay> logger)
{
    /// <summary>Delay between retries while the event log is unreachable.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>Flushes the outbox; on success it is emptied in memory. Returns false if events remain.</summary>
    public async Task<bool> TryFlushAsync(
        string entityType,
        string entityId,
        List<PendingEvent> outbox,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<PendingEvent>, Task> project)
    {
        if (outbox.Count == 0)
        {
            return true;
        }

        try
        {
            await store.AppendAsync(entityType, entityId, outbox, project);
            outbox.Clear();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogFlushFailed(logger, ex, entityType, entityId, outbox.Count);
            return false;
        }
    }

    /// <summary>Whether the event log holds this event; false also when it cannot be asked (the flush then retries).</summary>
    public async Task<bool> IsLoggedAsync(string entityType, string entityId, int seq)
    {
        try
        {
            return await store.ContainsAsync(entityType, entityId, seq);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The flush that follows meets the same failure, logs it and schedules the retry.
            return false;
        }
    }

    /// <summary>
    /// Puts committed events on the change feed for live views. Best effort: the event log already
    /// has them, so a lost notice costs freshness, never data.
    /// </summary>
    public async Task AnnounceAsync(IGrainBase grain, string entityType, string entityId, IReadOnlyList<PendingEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            var stream = grain.GetStreamProvider(ChangeFeedNames.Provider).GetStream<ChangeBatch>(ChangeFeedNames.Stream);
            await stream.OnNextAsync(new ChangeBatch(
                events.Select(e => new ChangeNotice(entityType, entityId, e.Seq, e.Type, e.Subject, e.Actor, e.OccurredAt)).ToArray()));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, ex, entityType, entityId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed notice for {EntityType} {EntityId} was not published")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string entityType, string entityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event log write for {EntityType} {EntityId} failed; {Count} event(s) stay pending and will be retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string entityType, string entityId, int count);
}
