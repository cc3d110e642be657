using Npgsql;

namespace CellValley.Grains.Events;

/// <summary>
/// What every registry grain shares: its persistent state, the outbox its changes commit through,
/// publishing what the last stop left unpublished when it activates, and today's date. A grain names
/// its entity type and id and projects its state into its read tables; everything else is here.
/// </summary>
public abstract class RegistryGrain<TState>(IPersistentState<TState> state, OutboxRelay relay, TimeProvider clock, string entityType) : Grain
    where TState : IOutboxState
{
    private GrainOutbox<TState>? _outbox;

    /// <summary>The grain's state (what storage holds after each commit).</summary>
    protected TState S => state.State;

    /// <summary>The persistent state itself, for the rare write outside a commit (a landing's intent).</summary>
    protected IPersistentState<TState> Storage => state;

    protected TimeProvider Clock => clock;

    protected DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The commit path: record an event, write the state, publish to the event log and read tables.</summary>
    protected GrainOutbox<TState> Outbox => _outbox ??= new(this, state, relay, clock, entityType, () => EntityId, ProjectAsync, BatchProjection);

    /// <summary>The id the event log and read tables know the entity by.</summary>
    protected abstract string EntityId { get; }

    /// <summary>Brings the grain's read-table rows up to its state, inside the event log's transaction.</summary>
    protected abstract Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TState current, IReadOnlyList<PendingEvent> events);

    /// <summary>
    /// A projection that is statements only (no reads, nothing that depends on an earlier statement's answer) can add them
    /// to the event log's shared batch instead: the events, every such grain's read rows and the change notices of a whole
    /// group then go to PostgreSQL in one round trip. Null: <see cref="ProjectAsync"/> runs on the connection.
    /// </summary>
    protected virtual Action<Common.SqlBatch, TState, IReadOnlyList<PendingEvent>>? BatchProjection => null;

    /// <summary>Events stored with the state may not have reached the event log before the last stop: publish them first.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Outbox.ResumeAsync();
}
