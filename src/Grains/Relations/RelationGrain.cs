using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Relations.Events;
using Npgsql;

namespace CellValley.Grains.Relations;

/// <summary>
/// A typed, dated edge between two registered things. Its key is its type and ends, so the same
/// edge recorded twice is the same grain: the second time changes nothing.
/// </summary>
public sealed class RelationGrain(
    [PersistentState(StateNames.Relation, StorageNames.Registry)] IPersistentState<RelationState> state,
    EntityDirectory directory,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<RelationState>(state, relay, clock, EntityType), IRelationGrain
{
    public const string EntityType = "relation";

    protected override string EntityId => Id;
    public static readonly string[] Disclosures = ["disclosed", "inferred"];

    private string Id => RelationKey.IdOf(this.GetPrimaryKeyString());

    public async Task<Outcome<RelationView>> LinkAsync(NewRelation relation, Actor actor)
    {
        if (S.Exists && S.Until is null && S.MergedAt is null)
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
        (S.MergedAt, S.MergedInto) = (null, null);
        var before = S.Until;
        S.Exists = true;
        S.Type = type.Code;
        (S.FromKind, S.FromId, S.ToKind, S.ToId) = (from.Kind, from.Id, to.Kind, to.Id);
        S.Disclosure = relation.Disclosure;
        S.Since = relation.Since;
        S.Until = null;
        S.SupplyKind = string.IsNullOrWhiteSpace(relation.SupplyKind) ? null : relation.SupplyKind.Trim();
        S.Note = string.IsNullOrWhiteSpace(relation.Note) ? null : relation.Note.Trim();
        var recorded = new RelationRecorded(S.Type, from.ToString(), to.ToString(), S.Disclosure, S.Since);
        await (reopening ? Outbox.RecordAsync(new RelationReopened(recorded, before), actor) : Outbox.RecordAsync(recorded, actor));
        return Outcome<RelationView>.Ok(View(created: true), S.Version);
    }

    public async Task<Outcome<RelationView>> WithdrawAsync(string reason, int expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<RelationView>.NotFound();
        }

        if (expectedVersion != S.Version)
        {
            return Outcome<RelationView>.VersionMismatch(S.Version);
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<RelationView>.Invalid(errors.ToList(), S.Version);
        }

        var view = View(created: false);
        S.Exists = false;
        await Outbox.RecordAsync(new RelationWithdrawn($"{S.Type} {S.FromKind}:{S.FromId} → {S.ToKind}:{S.ToId}", reason.Trim()), actor);
        return Outcome<RelationView>.Ok(view, S.Version);
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

        if (S.MergedAt is not null)
        {
            return Outcome<RelationView>.Conflicting([FieldError.Of("relation", Rule.EnterpriseMerged(S.MergedInto ?? "-"))], S.Version);
        }

        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
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
        await Outbox.RecordAsync(new RelationEnded(until, reason), actor);
        return Outcome<RelationView>.Ok(View(created: false), S.Version);
    }

    /// <summary>
    /// One end was a duplicate enterprise merged into another: the relation is carried over to the surviving
    /// record (with its dates) and this one stops counting. A second call changes nothing.
    /// </summary>
    public async Task MergeAsync(string duplicate, string survivor, Actor actor)
    {
        if (!S.Exists || S.MergedAt is not null)
        {
            return;
        }

        var type = RelationTypes.Find(S.Type)!;
        var from = Repoint(new EntityRef(S.FromKind, S.FromId));
        var to = Repoint(new EntityRef(S.ToKind, S.ToId));
        string? into = null;
        if (from != to)
        {
            var key = RelationKey.For(type, from, to);
            var moved = new MovedRelation(
                new NewRelation(type.Code, from, to, S.Disclosure, S.Since, S.SupplyKind, S.Note), S.Until, Id);
            await GrainFactory.Ref<IRelationGrain>(key).AdoptAsync(moved, actor);
            into = RelationKey.IdOf(key);
        }

        (S.MergedAt, S.MergedInto) = (Clock.GetUtcNow(), into);
        await Outbox.RecordAsync(new RelationMerged("enterprise:" + duplicate, "enterprise:" + survivor, into), actor);

        EntityRef Repoint(EntityRef end) => end.Kind == EntityRef.Enterprise && end.Id == duplicate ? new EntityRef(EntityRef.Enterprise, survivor) : end;
    }

    /// <summary>Takes on a relation carried over from a merged duplicate; one the survivor already has is kept as it is.</summary>
    public async Task AdoptAsync(MovedRelation moved, Actor actor)
    {
        if (S.Exists && S.MergedAt is null)
        {
            return;
        }

        var relation = moved.Relation;
        var type = RelationTypes.Find(relation.Type)!;
        var (from, to) = RelationKey.Order(type, relation.From, relation.To);
        S.Exists = true;
        S.Type = type.Code;
        (S.FromKind, S.FromId, S.ToKind, S.ToId) = (from.Kind, from.Id, to.Kind, to.Id);
        (S.Disclosure, S.Since, S.Until, S.SupplyKind, S.Note) = (relation.Disclosure, relation.Since, moved.Until, relation.SupplyKind, relation.Note);
        (S.MergedAt, S.MergedInto) = (null, null);
        await Outbox.RecordAsync(new RelationMovedIn(S.Type, from.ToString(), to.ToString(), S.Disclosure, S.Since, S.Until, moved.MovedFrom), actor);
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
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
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

    private RelationView View(bool created) => new(Id, S.Type, new EntityRef(S.FromKind, S.FromId), new EntityRef(S.ToKind, S.ToId),
        S.Disclosure, S.Since, S.Until, S.SupplyKind, S.Note, S.Version, created);

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RelationState current, IReadOnlyList<PendingEvent> events) =>
        RelationReadModel.ProjectAsync(connection, transaction, Id, this.GetPrimaryKeyString(), current);

}
