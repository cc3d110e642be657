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
            errors.Add("clause", Rule.NoClause(ruleSet.Id, clauseId));
        }
        else if (clause.AnyOf is not null || clause.Kind == "flag")
        {
            errors.Add("clause", Rule.NoThreshold(clauseId));
        }

        if (clause is not null && value is { } v && RangeOf(clause.Kind) is var (min, max, whole) && (v < min || v > max || (whole && v != decimal.Truncate(v))))
        {
            errors.Add("value", Rule.Threshold(min, max, whole));
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

    /// <summary>The values a threshold of this kind can sensibly take (a founding age of ten million years cannot be evaluated).</summary>
    private static (decimal Min, decimal Max, bool Whole) RangeOf(string kind) => kind switch
    {
        "maxYearsSinceFounding" => (1, 100, true),
        "minRdIntensityPercent" => (0, 100, false),
        "minHeadcount" or "minIpClass1Items" or "minIpClass2Items" => (0, 1_000_000, true),
        _ => (0, 1_000_000_000_000m, false),
    };
}
