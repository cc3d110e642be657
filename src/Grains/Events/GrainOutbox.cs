using Npgsql;

namespace CellValley.Grains.Events;

/// <summary>
/// The commit path every registry grain shares: append the event to the outbox kept in the grain's
/// state, write the state (one atomic row write: the change is durable from here on), then move the
/// outbox into the event log and read tables. If that last step fails, a timer retries it; the next
/// command and the next activation do too.
/// </summary>
public sealed class GrainOutbox<TState>(
    IGrainBase grain,
    IPersistentState<TState> state,
    OutboxRelay relay,
    TimeProvider clock,
    string entityType,
    Func<string> entityId,
    Func<NpgsqlConnection, NpgsqlTransaction, TState, IReadOnlyList<PendingEvent>, Task> project,
    Action<Common.SqlBatch, TState, IReadOnlyList<PendingEvent>>? projectInto = null)
    where TState : IOutboxState
{
    private IGrainTimer? _retryTimer;
    private bool _batching;

    /// <summary>
    /// Starts a batch: commands still validate and append their events, but the state is written
    /// once, by <see cref="EndBatchAsync"/> (bulk imports: one row write and one event-log
    /// transaction for many events).
    /// </summary>
    /// <remarks>
    /// Hold the answer in a using: a batch left open by an exception (neither ended nor abandoned) is abandoned when it goes
    /// out of scope, so that the activation never answers later commands with unwritten state.
    /// </remarks>
    public BatchScope BeginBatch()
    {
        _batching = true;
        return new BatchScope(this);
    }

    /// <summary>Abandons the batch if it is still open when the scope ends.</summary>
    public readonly struct BatchScope(GrainOutbox<TState> outbox) : IDisposable
    {
        public void Dispose()
        {
            if (outbox._batching)
            {
                outbox.AbandonBatch();
            }
        }
    }

    /// <summary>Writes the state with every event of the batch, then publishes them.</summary>
    public async Task EndBatchAsync()
    {
        _batching = false;
        await WriteAsync();
        await FlushAsync();
    }

    /// <summary>Drops a batch that failed half-way: the activation goes, storage still has the state before it.</summary>
    public void AbandonBatch()
    {
        _batching = false;
        grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "batch abandoned"));
    }

    /// <summary>
    /// Records an event: the next version, attributed and dated, goes into the outbox; the state is
    /// written (unless batching), then the outbox is published.
    /// </summary>
    public Task RecordAsync<TEvent>(TEvent recorded, Common.Actor actor, DateTimeOffset? at = null)
        where TEvent : IRegistryEvent =>
        RecordAsync(TEvent.Name, actor, recorded.Changes(), recorded.Subject, at);

    private Task RecordAsync(string eventType, Common.Actor actor, IReadOnlyList<FieldChange> changes, string? subject, DateTimeOffset? at)
    {
        var now = at ?? clock.GetUtcNow();
        var s = state.State;
        s.Version++;
        s.UpdatedAt = now;
        return CommitAsync(new PendingEvent
        {
            Seq = s.Version,
            Type = eventType,
            Subject = subject,
            Actor = actor.Name,
            ActorRole = actor.Role,
            OccurredAt = now,
            Changes = actor.Proposal is null
                ? [.. changes]
                : [.. changes, FieldChange.Of<string?>("proposal", null, actor.Proposal), FieldChange.Of<string?>("proposedBy", null, actor.ProposedBy)],
        });
    }

    private async Task CommitAsync(PendingEvent pending)
    {
        state.State.Outbox.Add(pending);
        if (_batching)
        {
            return;
        }

        await WriteAsync();
        await FlushAsync();
    }

    /// <summary>
    /// Writes the state with no event (a step of a longer operation, such as a landing or a review in progress). A failed
    /// write drops the activation, so that no later command runs on state storage does not have.
    /// </summary>
    public Task WriteStateAsync() => WriteAsync();

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory state is ahead of storage now; drop this activation so the next call
            // starts again from what is durable.
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "state write failed"));
            throw;
        }
    }

    /// <summary>
    /// On activation: the stored state keeps the events of its last write. If the event log has
    /// the newest of them, every one was logged (a flush always takes the whole outbox), and one
    /// indexed lookup replaces rewriting them; otherwise they are published now.
    /// </summary>
    public async Task ResumeAsync()
    {
        var outbox = state.State.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        if (await relay.IsLoggedAsync(entityType, entityId(), outbox[^1].Seq))
        {
            outbox.Clear();
            return;
        }

        await FlushAsync();
    }

    /// <summary>Publishes pending events; schedules retries while the event log is unreachable.</summary>
    public async Task FlushAsync()
    {
        // The projection runs on the event log's writer, outside this activation: it gets the
        // state and id read here, and the grain does not change them while it awaits the flush.
        var current = state.State;
        var id = entityId();
        var flushed = await relay.TryFlushAsync(
            entityType,
            id,
            current.Outbox,
            (connection, transaction, events) => project(connection, transaction, current, events),
            projectInto is null ? null : (batch, events) => projectInto(batch, current, events));
        if (flushed)
        {
            _retryTimer?.Dispose();
            _retryTimer = null;
        }
        else
        {
            _retryTimer ??= grain.RegisterGrainTimer(
                static (outbox, _) => outbox.FlushAsync(),
                this,
                new GrainTimerCreationOptions(OutboxRelay.RetryInterval, OutboxRelay.RetryInterval) { KeepAlive = true });
        }
    }
}
