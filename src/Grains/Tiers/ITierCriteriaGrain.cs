using CellValley.Grains.Common;

namespace CellValley.Grains.Tiers;

/// <summary>The admin-set thresholds of one rule set (clauses whose numbers are not published).</summary>
[GenerateSerializer, Immutable, Alias("cv.CriteriaParameters")]
public sealed record CriteriaParameters(
    [property: Id(0)] IReadOnlyDictionary<string, decimal?> Overrides,
    [property: Id(1)] int Version);

/// <summary>One rule set's parameters, keyed "criteria/{ruleSetId}".</summary>
public interface ITierCriteriaGrain : IGrainWithStringKey
{
    /// <summary>Sets (or, with null, resets to the published value) one clause's threshold.</summary>
    Task<Outcome<CriteriaParameters>> SetThresholdAsync(string clauseId, decimal? value, int? expectedVersion, Actor actor);

    /// <summary>The thresholds an admin has set, and their version.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CriteriaParameters> GetAsync();
}

public static class TierCriteriaKey
{
    private const string Prefix = "criteria/";

    public static string For(string ruleSetId) => Prefix + ruleSetId;

    public static string RuleSetOf(string key) => key[Prefix.Length..];
}
