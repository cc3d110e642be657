using CellValley.Grains.Common;
using CellValley.Grains.Events;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Relations;

/// <summary>Stored state of a relation.</summary>
public sealed class RelationState : IOutboxState
{
    public bool Exists { get; set; }

    public string Type { get; set; } = "";

    public string FromKind { get; set; } = "";

    public string FromId { get; set; } = "";

    public string ToKind { get; set; } = "";

    public string ToId { get; set; } = "";

    public string Disclosure { get; set; } = "";

    public DateOnly? Since { get; set; }

    public DateOnly? Until { get; set; }

    public string? SupplyKind { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

/// <summary>
/// A typed, dated edge between two registered things. Its key is its type and ends, so the same
/// edge recorded twice is the same grain: the second time changes nothing.
/// </summary>
public sealed class RelationGrain(
    [PersistentState(StateNames.Relation, StorageNames.Registry)] IPersistentState<RelationState> state,
    EntityDirectory directory,
    OutboxRelay relay,
    TimeProvider clock) : Grain, IRelationGrain
{
    public const string EntityType = "relation";
    public static readonly string[] Disclosures = ["disclosed", "inferred"];
    private GrainOutbox<RelationState>? _outbox;

    private RelationState S => state.State;

    private string Id => RelationKey.IdOf(this.GetPrimaryKeyString());

    private GrainOutbox<RelationState> Outbox => _outbox ??= new(this, state, relay, clock, EntityType, () => Id,
        (connection, transaction, current, _) => ProjectAsync(connection, transaction, current));

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Outbox.ResumeAsync();

    public async Task<Outcome<RelationView>> LinkAsync(NewRelation relation, Actor actor)
    {
        if (S.Exists && S.Until is null)
        {
            return Outcome<RelationView>.Ok(View(created: false), S.Version);
        }

        var errors = await ValidateAsync(relation);
        if (errors.Count > 0)
        {
            return Outcome<RelationView>.Invalid(errors, S.Version);
        }

        var type = RelationTypes.Find(relation.Type)!;
        var (from, to) = RelationKey.Order(type, relation.From, relation.To);
        var reopening = S.Exists;
        var before = S.Until;
        S.Exists = true;
        S.Type = type.Code;
        (S.FromKind, S.FromId, S.ToKind, S.ToId) = (from.Kind, from.Id, to.Kind, to.Id);
        S.Disclosure = relation.Disclosure;
        S.Since = relation.Since;
        S.Until = null;
        S.SupplyKind = string.IsNullOrWhiteSpace(relation.SupplyKind) ? null : relation.SupplyKind.Trim();
        S.Note = string.IsNullOrWhiteSpace(relation.Note) ? null : relation.Note.Trim();
        var changes = new List<FieldChange>
        {
            FieldChange.Of<string?>("type", null, S.Type),
            FieldChange.Of<string?>("from", null, from.ToString()),
            FieldChange.Of<string?>("to", null, to.ToString()),
            FieldChange.Of<string?>("disclosure", null, S.Disclosure),
            FieldChange.Of<DateOnly?>("since", null, S.Since),
        };
        if (reopening)
        {
            changes.Add(FieldChange.Of("until", before, (DateOnly?)null));
        }

        await CommitAsync(reopening ? "RelationReopened" : "RelationRecorded", actor, changes);
        return Outcome<RelationView>.Ok(View(created: true), S.Version);
    }

    public async Task<Outcome<RelationView>> EndAsync(DateOnly until, string? reason, int? expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<RelationView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<RelationView>.VersionMismatch(S.Version);
        }

        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (S.Until is not null)
        {
            errors.Add("until", Rule.RelationEnded(S.Until.Value));
        }
        else if (S.Since is { } since && until < since)
        {
            errors.Add("until", Rule.NotBeforeField("since", since));
        }
        else if (until > today)
        {
            errors.Add("until", Rule.NotInFuture(today));
        }

        errors.MaxLength("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<RelationView>.Invalid(errors.ToList(), S.Version);
        }

        S.Until = until;
        await CommitAsync("RelationEnded", actor,
            [FieldChange.Of<DateOnly?>("until", null, until), FieldChange.Of<string?>("reason", null, reason)]);
        return Outcome<RelationView>.Ok(View(created: false), S.Version);
    }

    public Task<RelationView?> GetAsync() => Task.FromResult(S.Exists ? View(created: false) : null);

    private async Task<IReadOnlyList<FieldError>> ValidateAsync(NewRelation relation)
    {
        var errors = new FieldErrors();
        var type = RelationTypes.Find(relation.Type);
        if (type is null)
        {
            errors.Add("type", Rule.OneOf(string.Join(", ", RelationTypes.All.Select(t => t.Code))));
            return errors.ToList();
        }

        if (relation.From == relation.To)
        {
            errors.Add("to", Rule.DifferentEnds());
        }

        if (!type.FromKinds.Contains(relation.From.Kind))
        {
            errors.Add("from", Rule.RelationStartsAt(type.Code, string.Join(", ", type.FromKinds)));
        }

        if (!type.ToKinds.Contains(relation.To.Kind))
        {
            errors.Add("to", Rule.RelationEndsAt(type.Code, string.Join(", ", type.ToKinds)));
        }

        if (!Disclosures.Contains(relation.Disclosure))
        {
            errors.Add("disclosure", Rule.OneOf("disclosed, inferred"));
        }

        if (type.Code == "supplier")
        {
            errors.Required("supplyKind", relation.SupplyKind, 50);
        }
        else if (relation.SupplyKind is not null)
        {
            errors.Add("supplyKind", Rule.OnlyWhen("type = supplier"));
        }

        errors.MaxLength("note", relation.Note, 500);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (relation.Since > today)
        {
            errors.Add("since", Rule.NotInFuture(today));
        }

        if (errors.Any)
        {
            return errors.ToList();
        }

        if (!await directory.ExistsAsync(relation.From))
        {
            errors.Add("from", Rule.NotRegistered(relation.From.ToString()));
        }

        if (!await directory.ExistsAsync(relation.To))
        {
            errors.Add("to", Rule.NotRegistered(relation.To.ToString()));
        }

        return errors.ToList();
    }

    private Task CommitAsync(string eventType, Actor actor, List<FieldChange> changes) => Outbox.RecordAsync(eventType, actor, changes);

    private RelationView View(bool created) => new(Id, S.Type, new EntityRef(S.FromKind, S.FromId), new EntityRef(S.ToKind, S.ToId),
        S.Disclosure, S.Since, S.Until, S.SupplyKind, S.Note, S.Version, created);

    private Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RelationState current) => connection.ExecuteAsync(
        """
        INSERT INTO cv_relations (relation_id, grain_key, type, from_kind, from_id, to_kind, to_id, disclosure,
                                  supply_kind, note, since, until, version, updated_at)
        VALUES (@Id, @Key, @Type, @FromKind, @FromId, @ToKind, @ToId, @Disclosure, @SupplyKind, @Note, @Since, @Until,
                @Version, @UpdatedAt)
        ON CONFLICT (relation_id) DO UPDATE SET
            disclosure = excluded.disclosure, supply_kind = excluded.supply_kind, note = excluded.note,
            since = excluded.since, until = excluded.until, version = excluded.version, updated_at = excluded.updated_at
        WHERE cv_relations.version < excluded.version
        """,
        new
        {
            Id,
            Key = this.GetPrimaryKeyString(),
            current.Type,
            current.FromKind,
            current.FromId,
            current.ToKind,
            current.ToId,
            current.Disclosure,
            current.SupplyKind,
            current.Note,
            current.Since,
            current.Until,
            current.Version,
            current.UpdatedAt,
        },
        transaction);
}
