using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace CellValley.Tests.Grains;

/// <summary>The event log's group commit, against the real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventStoreTests(ClusterFixture fixture)
{
    private static PendingEvent Event(int seq) => new()
    {
        Seq = seq,
        Type = "Probed",
        Subject = seq % 2 == 0 ? "part:" + seq : null,
        Actor = "tester",
        ActorRole = "admin",
        OccurredAt = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8)),
        Changes = [FieldChange.Of<string?>("headcount", null, seq.ToString(System.Globalization.CultureInfo.InvariantCulture))],
    };

    [Fact]
    public async Task ConcurrentFlushesAllLandABadOneIsQuarantinedAndATransientFailureFailsAlone()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var store = new EventStore(fixture.Database.DataSource);
        var projected = new System.Collections.Concurrent.ConcurrentBag<string>();

        Task Flush(int n) => store.AppendAsync("probe", $"{run}-{n}", [Event(1), Event(2), Event(3)], async (connection, transaction, events) =>
        {
            if (n == 13)
            {
                // A projection PostgreSQL refuses for good (a data error): retrying cannot help.
                await connection.ExecuteAsync("SELECT 1/0", transaction: transaction);
            }

            if (n == 17)
            {
                // A failure that may pass on a retry (a serialization failure).
                await connection.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'try again' USING ERRCODE = '40001'; END $$", transaction: transaction);
            }

            await new SqlBatch()
                .Add("INSERT INTO cv_events (entity_type, entity_id, seq, event_type, actor, actor_role, occurred_at, changes) VALUES (@Type, @Id, @Seq, 'Mirror', 'tester', 'admin', @At, '[]')",
                    new { Type = "probe-mirror", Id = $"{run}-{n}", Seq = events.Count, At = DateTimeOffset.UtcNow })
                .ExecuteAsync(connection, transaction);
            projected.Add($"{run}-{n}");
        });

        var flushes = Enumerable.Range(0, 40).Select(n => (N: n, Task: Flush(n))).ToArray();
        var failure = await Record.ExceptionAsync(() => flushes[17].Task);
        await Task.WhenAll(flushes.Where(f => f.N != 17).Select(f => f.Task));

        Assert.Equal("40001", Assert.IsType<PostgresException>(failure).SqlState);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var counts = (await connection.QueryAsync<(string EntityId, long Events)>(
            "SELECT entity_id, count(*) FROM cv_events WHERE entity_type = 'probe' AND entity_id LIKE @prefix GROUP BY entity_id",
            new { prefix = run + "-%" })).ToDictionary(r => r.EntityId, r => r.Events);
        var mirrors = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM cv_events WHERE entity_type = 'probe-mirror' AND entity_id LIKE @prefix AND seq = 3", new { prefix = run + "-%" });

        // The bad flush's events reached the log without their projection; the transient one left nothing and will be retried.
        Assert.Equal(39, counts.Count);
        Assert.Contains($"{run}-13", counts.Keys);
        Assert.DoesNotContain($"{run}-17", counts.Keys);
        Assert.All(counts.Values, c => Assert.Equal(3, c));
        Assert.Equal(38, mirrors);
        var fault = await connection.QuerySingleAsync<(string SqlState, int FirstSeq, int LastSeq, bool Logged)>(
            "SELECT sql_state, first_seq, last_seq, logged FROM cv_event_faults WHERE entity_type = 'probe' AND entity_id = @id AND resolved_at IS NULL",
            new { id = $"{run}-13" });
        Assert.Equal(("22012", 1, 3, true), fault);
        var stored = await connection.QuerySingleAsync<(string Subject, DateTime OccurredAt, string Changes)>(
            "SELECT subject, occurred_at, changes::text FROM cv_events WHERE entity_type = 'probe' AND entity_id = @id AND seq = 2", new { id = $"{run}-0" });
        Assert.Equal("part:2", stored.Subject);
        Assert.Equal(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), stored.OccurredAt.ToUniversalTime());
        Assert.Contains("\"2\"", stored.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectionsThatAreStatementsOnlyGoInOneBatchAndARefusedBatchLeavesNothing()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var store = new EventStore(fixture.Database.DataSource);
        const string Mirror = "INSERT INTO cv_events (entity_type, entity_id, seq, event_type, actor, actor_role, occurred_at, changes) VALUES (@Type, @Id, @Seq, 'Mirror', 'tester', 'admin', @At, '[]')";
        object MirrorOf(int n, int count) => new { Type = "probe-mirror", Id = $"{run}-{n}", Seq = count, At = DateTimeOffset.UtcNow };

        // Even flushes add their read rows to the group's batch (statements only); odd ones run theirs on the connection,
        // so groups are mixed as well as all-batch. Flush 8 adds a statement PostgreSQL refuses for good, flush 12 one that
        // may pass on a retry.
        Task Flush(int n) => n % 2 == 0
            ? store.AppendAsync("probe", $"{run}-{n}", [Event(1), Event(2)], (_, _, _) => throw new InvalidOperationException("the batch projection runs instead"),
                (batch, events) =>
                {
                    if (n == 8)
                    {
                        batch.Add("SELECT 1/0", new { });
                    }

                    if (n == 12)
                    {
                        batch.Add("DO $$ BEGIN RAISE EXCEPTION 'try again' USING ERRCODE = '40001'; END $$", new { });
                    }

                    batch.Add(Mirror, MirrorOf(n, events.Count));
                })
            : store.AppendAsync("probe", $"{run}-{n}", [Event(1), Event(2)], (connection, transaction, events) =>
                new SqlBatch().Add(Mirror, MirrorOf(n, events.Count)).ExecuteAsync(connection, transaction));

        var flushes = Enumerable.Range(0, 40).Select(n => (N: n, Task: Flush(n))).ToArray();
        var failure = await Record.ExceptionAsync(() => flushes[12].Task);
        await Task.WhenAll(flushes.Where(f => f.N != 12).Select(f => f.Task));

        Assert.Equal("40001", Assert.IsType<PostgresException>(failure).SqlState);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var logged = (await connection.QueryAsync<(string EntityType, string EntityId, long Events)>(
            "SELECT entity_type, entity_id, count(*) FROM cv_events WHERE entity_type IN ('probe', 'probe-mirror') AND entity_id LIKE @prefix GROUP BY 1, 2",
            new { prefix = run + "-%" })).ToList();
        var events = logged.Where(r => r.EntityType == "probe").ToDictionary(r => r.EntityId, r => r.Events);
        var mirrors = logged.Where(r => r.EntityType == "probe-mirror").Select(r => r.EntityId).ToHashSet();

        // Every flush landed with its read rows but two: the refused one's events are in the log without them (a fault
        // records it), and the one that may pass later left nothing at all — not its events, not the statements before the
        // refused one in its batch.
        Assert.Equal(39, events.Count);
        Assert.All(events.Values, c => Assert.Equal(2, c));
        Assert.DoesNotContain($"{run}-12", events.Keys);
        Assert.Equal(38, mirrors.Count);
        Assert.DoesNotContain($"{run}-8", mirrors);
        Assert.DoesNotContain($"{run}-12", mirrors);
        var fault = await connection.QuerySingleAsync<(string SqlState, bool Logged)>(
            "SELECT sql_state, logged FROM cv_event_faults WHERE entity_type = 'probe' AND entity_id = @id AND resolved_at IS NULL", new { id = $"{run}-8" });
        Assert.Equal(("22012", true), fault);
    }
}
