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
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<PendingEvent>, Task> project,
        Action<Common.SqlBatch, IReadOnlyList<PendingEvent>>? projectInto = null)
    {
        if (outbox.Count == 0)
        {
            return true;
        }

        try
        {
            await store.AppendAsync(entityType, entityId, outbox, project, projectInto);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event log write for {EntityType} {EntityId} failed; {Count} event(s) stay pending and will be retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string entityType, string entityId, int count);
}
