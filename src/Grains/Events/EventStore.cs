using System.Text.Json;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Events;

/// <summary>A row of the event log as read back for history.</summary>
public sealed record EventRecord
{
    public long Id { get; init; }

    public string EntityType { get; init; } = "";

    public string EntityId { get; init; } = "";

    public int Seq { get; init; }

    public string EventType { get; init; } = "";

    public string? Subject { get; init; }

    public string Actor { get; init; } = "";

    public string ActorRole { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public string Changes { get; init; } = "";
}

/// <summary>
/// Writes outbox events to the PostgreSQL event log, together with the entity's read-table row,
/// in one transaction. Replaying the same events is harmless: (entity, seq) already present is skipped.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO cv_events (entity_type, entity_id, seq, event_type, subject, actor, actor_role, occurred_at, changes)
        VALUES (@EntityType, @EntityId, @Seq, @EventType, @Subject, @Actor, @ActorRole, @OccurredAt, CAST(@Changes AS jsonb))
        ON CONFLICT (entity_type, entity_id, seq) DO NOTHING
        """;

    /// <summary>Appends events and runs the read-model projection in the same transaction.</summary>
    public async Task AppendAsync(
        string entityType,
        string entityId,
        IReadOnlyList<PendingEvent> events,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<PendingEvent>, Task> project)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = events.Select(e => new
        {
            EntityType = entityType,
            EntityId = entityId,
            e.Seq,
            EventType = e.Type,
            e.Subject,
            e.Actor,
            e.ActorRole,
            e.OccurredAt,
            Changes = JsonSerializer.Serialize(e.Changes, EventJson.Options),
        });
        await connection.ExecuteAsync(InsertSql, rows, transaction);
        await project(connection, transaction, events);
        await transaction.CommitAsync();
    }

    /// <summary>Reads one entity's events in order, optionally only those about one subject.</summary>
    public async Task<IReadOnlyList<EventRecord>> ReadAsync(string entityType, string entityId, int afterSeq, int limit, string? subject = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<EventRecord>(
            """
            SELECT id, entity_type AS EntityType, entity_id AS EntityId, seq, event_type AS EventType, subject,
                   actor, actor_role AS ActorRole, occurred_at AS OccurredAt, changes::text AS Changes
              FROM cv_events
             WHERE entity_type = @entityType AND entity_id = @entityId AND seq > @afterSeq
               AND (@subject::text IS NULL OR subject = @subject)
             ORDER BY seq
             LIMIT @limit
            """,
            new { entityType, entityId, afterSeq, limit, subject });
        return rows.AsList();
    }
}
