using CellValley.Grains.Common;
using CellValley.Grains.Events;

namespace CellValley.Grains.Tiers;

/// <summary>Stored state of a rule set's admin-set thresholds.</summary>
public sealed class TierCriteriaState : IOutboxState
{
    public Dictionary<string, decimal?> Overrides { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

/// <summary>Keeps the thresholds an admin sets for a rule set, with every change in the event log.</summary>
public sealed class TierCriteriaGrain(
    [PersistentState(StateNames.TierCriteria, StorageNames.Registry)] IPersistentState<TierCriteriaState> state,
    TierCriteria criteria,
    OutboxRelay relay,
    TimeProvider clock) : Grain, ITierCriteriaGrain
{
    public const string EntityType = "tier-criteria";
    private GrainOutbox<TierCriteriaState>? _outbox;

    private string RuleSetId => TierCriteriaKey.RuleSetOf(this.GetPrimaryKeyString());

    private GrainOutbox<TierCriteriaState> Outbox => _outbox ??= new(this, state, relay, clock, EntityType,
        () => RuleSetId, (_, _, _, _) => Task.CompletedTask);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Outbox.ResumeAsync();

    public async Task<Outcome<CriteriaParameters>> SetThresholdAsync(string clauseId, decimal? value, int? expectedVersion, Actor actor)
    {
        var ruleSet = criteria.Find(RuleSetId);
        if (ruleSet is null)
        {
            return Outcome<CriteriaParameters>.NotFound();
        }

        if (expectedVersion is { } expected && expected != state.State.Version)
        {
            return Outcome<CriteriaParameters>.VersionMismatch(state.State.Version);
        }

        var clause = ruleSet.Find(clauseId);
        var errors = new FieldErrors();
        if (clause is null)
        {
            errors.Add("clause", $"rule set {ruleSet.Id} has no clause '{clauseId}'");
        }
        else if (clause.AnyOf is not null || clause.Kind == "flag")
        {
            errors.Add("clause", $"clause '{clauseId}' has no threshold to set");
        }

        if (value is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("value", "must be between 0 and 1000000000000, or null to use the published value");
        }

        if (errors.Any)
        {
            return Outcome<CriteriaParameters>.Invalid(errors.ToList(), state.State.Version);
        }

        var before = state.State.Overrides.TryGetValue(clauseId, out var old) ? old : clause!.Value;
        if (value is null)
        {
            state.State.Overrides.Remove(clauseId);
        }
        else
        {
            state.State.Overrides[clauseId] = value;
        }

        await Outbox.RecordAsync("ThresholdSet", actor, [FieldChange.Of("threshold", before, value ?? clause!.Value)], "clause:" + clauseId);
        return Outcome<CriteriaParameters>.Ok(Current(), state.State.Version);
    }

    public Task<CriteriaParameters> GetAsync() => Task.FromResult(Current());

    private CriteriaParameters Current() => new(new Dictionary<string, decimal?>(state.State.Overrides), state.State.Version);
}
