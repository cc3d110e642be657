using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Tiers.Events;
using Npgsql;

namespace CellValley.Grains.Tiers;

/// <summary>Keeps the thresholds an admin sets for a rule set, with every change in the event log.</summary>
public sealed class TierCriteriaGrain(
    [PersistentState(StateNames.TierCriteria, StorageNames.Registry)] IPersistentState<TierCriteriaState> state,
    TierCriteria criteria,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<TierCriteriaState>(state, relay, clock, EntityType), ITierCriteriaGrain
{
    public const string EntityType = "tier-criteria";

    protected override string EntityId => RuleSetId;

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TierCriteriaState current, IReadOnlyList<PendingEvent> events) =>
        Task.CompletedTask;

    private string RuleSetId => TierCriteriaKey.RuleSetOf(this.GetPrimaryKeyString());

    public async Task<Outcome<CriteriaParameters>> SetThresholdAsync(string clauseId, decimal? value, int? expectedVersion, Actor actor)
    {
        var ruleSet = criteria.Find(RuleSetId);
        if (ruleSet is null)
        {
            return Outcome<CriteriaParameters>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<CriteriaParameters>.VersionMismatch(S.Version);
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
            return Outcome<CriteriaParameters>.Invalid(errors.ToList(), S.Version);
        }

        var before = S.Overrides.TryGetValue(clauseId, out var old) ? old : clause!.Value;
        if (value is null)
        {
            S.Overrides.Remove(clauseId);
        }
        else
        {
            S.Overrides[clauseId] = value;
        }

        await Outbox.RecordAsync(new ThresholdSet(clauseId, before, value ?? clause!.Value), actor);
        return Outcome<CriteriaParameters>.Ok(Current(), S.Version);
    }

    public Task<CriteriaParameters> GetAsync() => Task.FromResult(Current());

    private CriteriaParameters Current() => new(new Dictionary<string, decimal?>(S.Overrides), S.Version);

    /// <summary>The values a threshold of this kind can sensibly take (a founding age of ten million years cannot be evaluated).</summary>
    private static (decimal Min, decimal Max, bool Whole) RangeOf(string kind) => kind switch
    {
        "maxYearsSinceFounding" => (1, 100, true),
        "minRdIntensityPercent" => (0, 100, false),
        "minHeadcount" or "minIpClass1Items" or "minIpClass2Items" => (0, 1_000_000, true),
        _ => (0, 1_000_000_000_000m, false),
    };
}
