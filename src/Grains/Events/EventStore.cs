using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Events;

/// <summary>A flush PostgreSQL refused for good, kept aside so the entity's later events could go through.</summary>
public sealed record EventFault
{
    public long Id { get; init; }

    public string EntityType { get; init; } = "";

    public string EntityId { get; init; } = "";

    public int FirstSeq { get; init; }

    public int LastSeq { get; init; }

    public string SqlState { get; init; } = "";

    public string Message { get; init; } = "";

    public string Events { get; init; } = "";

    /// <summary>Whether the events reached the log (without their read rows).</summary>
    public bool Logged { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
}

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
/// Writes outbox events to the PostgreSQL event log, together with the entity's read-table rows,
/// in one transaction. Replaying the same events is harmless: (entity, seq) already present is skipped.
/// </summary>
/// <remarks>
/// Group commit: flushes that arrive while another is being written wait for it and then go
/// together, many grains' events and read rows in one transaction (one insert of all their
/// events, one commit). Each caller still returns only once its own rows are durable. If a
/// statement of a shared transaction is refused, its flushes are retried one by one, so one bad
/// flush cannot fail the others.
/// </remarks>
public sealed class EventStore(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    /// <summary>How many flushes may share one transaction.</summary>
    private const int MaxGroup = 64;

    /// <summary>Transactions written at the same time (each with its group).</summary>
    private const int Writers = 2;

    private const string InsertSql = """
        INSERT INTO cv_events (entity_type, entity_id, seq, event_type, subject, actor, actor_role, occurred_at, changes)
        SELECT * FROM unnest(@EntityTypes, @EntityIds, @Seqs, @EventTypes, @Subjects, @Actors, @ActorRoles, @OccurredAts,
                             CAST(@Changes AS jsonb[]))
        ON CONFLICT (entity_type, entity_id, seq) DO NOTHING
        """;

    private readonly Channel<Flush> _queue = Channel.CreateUnbounded<Flush>();
    private readonly Lock _start = new();
    private Task[]? _writers;

    /// <summary>
    /// Appends events and runs the read-model projection in the same transaction. A projection given as
    /// <paramref name="projectInto"/> adds its statements to the group's shared batch (sent with the events and the change
    /// notices in one round trip); <paramref name="project"/> runs on the connection otherwise, in the group's order.
    /// </summary>
    public Task AppendAsync(
        string entityType,
        string entityId,
        IReadOnlyList<PendingEvent> events,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<PendingEvent>, Task> project,
        Action<Common.SqlBatch, IReadOnlyList<PendingEvent>>? projectInto = null)
    {
        EnsureWriters();
        var flush = new Flush(entityType, entityId, events, project, projectInto);
        if (!_queue.Writer.TryWrite(flush))
        {
            throw new InvalidOperationException("the event log writer has stopped");
        }

        return flush.Done.Task;
    }

    private void EnsureWriters()
    {
        if (_writers is not null)
        {
            return;
        }

        lock (_start)
        {
            _writers ??= Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
        }
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Flush>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var flush))
            {
                group.Add(flush);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteAsync(group);
                group.ForEach(f => f.Done.TrySetResult());
            }
            catch (PostgresException ex) when (group.Count == 1 && IsPermanent(ex))
            {
                await QuarantineAsync(group[0], ex);
            }
            catch (PostgresException) when (group.Count > 1)
            {
                // PostgreSQL refused a statement of one flush: each goes again in a transaction of
                // its own, so only that one fails. (When the database cannot be reached at all, the
                // whole group fails at once below and the grains retry on their timers; retrying
                // one by one would only wait out a connect timeout per flush.)
                foreach (var flush in group)
                {
                    await WriteAloneAsync(flush);
                }
            }
            catch (Exception ex)
            {
                group.ForEach(f => f.Done.TrySetException(ex));
            }
        }
    }

    private async Task WriteAloneAsync(Flush flush)
    {
        try
        {
            await WriteAsync([flush]);
            flush.Done.TrySetResult();
        }
        catch (PostgresException ex) when (IsPermanent(ex))
        {
            await QuarantineAsync(flush, ex);
        }
        catch (Exception ex)
        {
            flush.Done.TrySetException(ex);
        }
    }

    /// <summary>
    /// Errors that retrying can never cure: the data itself (class 22: bad values, such as a NUL in
    /// jsonb or a number out of a column's range), a broken constraint (23), or a size limit (54).
    /// An outage or a lost connection is none of these and is retried.
    /// </summary>
    public static bool IsPermanent(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("23", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("54", StringComparison.Ordinal);

    /// <summary>
    /// A flush PostgreSQL refuses for good must not hold back the entity's later events: its events
    /// go into the log without the read-table projection (with NUL characters replaced, if the log
    /// refused them too), and a fault row records what happened. The flush then counts as done; the
    /// entity's next successful flush writes its read rows afresh and closes the fault.
    /// </summary>
    private async Task QuarantineAsync(Flush flush, PostgresException cause)
    {
        var json = JsonSerializer.Serialize(flush.Events.Select(e => new
        {
            e.Seq, e.Type, e.Subject, e.Actor, e.ActorRole, e.OccurredAt, Changes = ToNode(e.Changes),
        }), EventJson.Options);
        var safe = EventText.WithoutNul(json);
        var logged = false;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                await using (var savepoint = connection.CreateCommand())
                {
                    savepoint.Transaction = transaction;
                    savepoint.CommandText = "SAVEPOINT log_events";
                    await savepoint.ExecuteNonQueryAsync();
                }

                await connection.ExecuteAsync(InsertSql, Parameters(flush.Events.Select(e => (flush.EntityType, flush.EntityId, e)).ToArray()), transaction);
                logged = true;
            }
            catch (PostgresException again) when (IsPermanent(again))
            {
                await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT log_events", transaction: transaction);
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO cv_event_faults (entity_type, entity_id, first_seq, last_seq, sql_state, message, events, logged)
                VALUES (@EntityType, @EntityId, @FirstSeq, @LastSeq, @SqlState, @Message, @Events, @Logged)
                """,
                new
                {
                    EntityType = EventText.WithoutNul(flush.EntityType),
                    EntityId = EventText.WithoutNul(flush.EntityId),
                    FirstSeq = flush.Events[0].Seq,
                    LastSeq = flush.Events[^1].Seq,
                    cause.SqlState,
                    Message = EventText.WithoutNul(cause.MessageText),
                    Events = safe,
                    Logged = logged,
                },
                transaction);
            await transaction.CommitAsync();
            flush.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            // Even the fault could not be written (the database went away meanwhile): retry as usual.
            flush.Done.TrySetException(ex);
        }
    }

    private static System.Text.Json.Nodes.JsonNode? ToNode<T>(T value) =>
        JsonSerializer.SerializeToNode(value, EventJson.Options);

    private async Task WriteAsync(IReadOnlyList<Flush> group)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var events = group.SelectMany(f => f.Events.Select(e => (f.EntityType, f.EntityId, Event: e))).ToArray();
        // One batch, in the group's order: the events, the read rows of every projection that is statements only, and the
        // change notices (announced in the same transaction, so listeners hear of exactly what committed, once it has).
        // While every projection is statements only, no transaction is opened: the batch is sent once, and PostgreSQL runs it
        // as one implicit transaction. A projection that runs on the connection opens one, and first sends what the batch
        // holds, so the group's order is kept.
        var batch = new Common.SqlBatch();
        var parameters = Parameters(events);
        batch.Add(InsertSql, parameters).Add(ResolveFaultsSql, parameters);
        NpgsqlTransaction? transaction = null;
        try
        {
            foreach (var flush in group)
            {
                if (flush.ProjectInto is { } into)
                {
                    into(batch, flush.Events);
                    continue;
                }

                transaction ??= await connection.BeginTransactionAsync();
                await batch.ExecuteAsync(connection, transaction);
                await flush.Project(connection, transaction, flush.Events);
            }

            AddNotices(batch, events);
            await batch.ExecuteAsync(connection, transaction);
            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var (entityType, _, e) in events)
        {
            Common.RegistryMetrics.EventLogLag.Record((now - e.OccurredAt).TotalMilliseconds, new KeyValuePair<string, object?>("entity", entityType));
        }
    }

    /// <summary>The change feed's notices of these events (pg_notify delivers them when the transaction commits).</summary>
    private static void AddNotices(Common.SqlBatch batch, (string EntityType, string EntityId, PendingEvent Event)[] events)
    {
        var notices = events.Select(e => new ChangeNotice(e.EntityType, e.EntityId, e.Event.Seq, e.Event.Type, e.Event.Subject, e.Event.Actor, e.Event.OccurredAt));
        batch.Add($"SELECT pg_notify('{ChangeFeedChannel.Channel}', payload) FROM unnest(@Payloads) AS payload",
            new { Payloads = ChangeFeedChannel.Payloads(notices).ToArray() });
    }

    /// <summary>
    /// The event rows as parameters. Text is stored without NUL characters (jsonb and text refuse
    /// them): a NUL that reached a grain shows as U+FFFD in history instead of making the log refuse
    /// this event and every later one that mentions the value as its "from".
    /// </summary>
    private static object Parameters((string EntityType, string EntityId, PendingEvent Event)[] events)
    {
        Func<string?, string?> text = EventText.WithoutNul;
        return new
        {
            EntityTypes = events.Select(e => e.EntityType).ToArray(),
            EntityIds = events.Select(e => e.EntityId).ToArray(),
            Seqs = events.Select(e => e.Event.Seq).ToArray(),
            EventTypes = events.Select(e => text(e.Event.Type)).ToArray(),
            Subjects = events.Select(e => text(e.Event.Subject)).ToArray(),
            Actors = events.Select(e => text(e.Event.Actor)).ToArray(),
            ActorRoles = events.Select(e => text(e.Event.ActorRole)).ToArray(),
            OccurredAts = events.Select(e => e.Event.OccurredAt.ToUniversalTime()).ToArray(),
            Changes = events.Select(e => text(JsonSerializer.Serialize(e.Event.Changes, EventJson.Options))).ToArray(),
        };
    }

    /// <summary>Open faults of entities whose flush got through (read rows written afresh) are closed; free while there are none.</summary>
    private const string ResolveFaultsSql = """
        UPDATE cv_event_faults SET resolved_at = now()
         WHERE resolved_at IS NULL
           AND (entity_type, entity_id) IN (SELECT * FROM unnest(@EntityTypes, @EntityIds))
        """;

    /// <summary>Entities with a quarantined flush whose read rows no later flush has rewritten.</summary>
    public async Task<IReadOnlyList<EventFault>> OpenFaultsAsync(int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<EventFault>(
            """
            SELECT id, entity_type AS EntityType, entity_id AS EntityId, first_seq AS FirstSeq, last_seq AS LastSeq,
                   sql_state AS SqlState, message, events, logged, occurred_at AS OccurredAt
              FROM cv_event_faults WHERE resolved_at IS NULL ORDER BY id LIMIT @limit
            """, new { limit });
        return rows.AsList();
    }

    /// <summary>How many entities have an open fault.</summary>
    public async Task<long> CountOpenFaultsAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT (entity_type, entity_id)) FROM cv_event_faults WHERE resolved_at IS NULL");
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writers is not null)
        {
            await Task.WhenAll(_writers);
        }
    }

    private sealed record Flush(
        string EntityType,
        string EntityId,
        IReadOnlyList<PendingEvent> Events,
        Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<PendingEvent>, Task> Project,
        Action<Common.SqlBatch, IReadOnlyList<PendingEvent>>? ProjectInto = null)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Whether the log holds the entity's event with this sequence number.</summary>
    public async Task<bool> ContainsAsync(string entityType, string entityId, int seq)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM cv_events WHERE entity_type = @entityType AND entity_id = @entityId AND seq = @seq)",
            new { entityType, entityId, seq });
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
