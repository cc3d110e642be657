using System.Text.Json;

namespace CellValley.Grains.Tiers;

/// <summary>A clause of a tier's criteria; "anyOf" clauses hold alternatives.</summary>
public sealed record Clause(string Id, string Text, string Kind, decimal? Value, string? Field, IReadOnlyList<Clause>? AnyOf)
{
    public IEnumerable<Clause> Flatten() => AnyOf is null ? [this] : AnyOf.SelectMany(c => c.Flatten()).Prepend(this);
}

/// <summary>One published version of a tier's criteria, in force from a date.</summary>
public sealed record RuleSet(string Id, string Tier, string Title, DateOnly EffectiveFrom, DateOnly? EffectiveTo, IReadOnlyList<Clause> Clauses)
{
    public bool InForceOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date <= EffectiveTo);

    public Clause? Find(string clauseId) => Clauses.SelectMany(c => c.Flatten()).FirstOrDefault(c => c.Id == clauseId);
}

/// <summary>
/// The tier criteria as versioned data (tier-criteria.json): criteria change by publishing a new
/// rule set with a later effective date, never by changing code.
/// </summary>
public sealed class TierCriteria(IReadOnlyList<RuleSet> ruleSets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<RuleSet> RuleSets { get; } = ruleSets.OrderBy(r => r.EffectiveFrom).ToArray();

    public RuleSet? InForce(string tier, DateOnly date) => RuleSets.LastOrDefault(r => r.Tier == tier && r.InForceOn(date));

    public RuleSet? Find(string ruleSetId) => RuleSets.FirstOrDefault(r => r.Id == ruleSetId);

    public static TierCriteria LoadEmbedded()
    {
        var assembly = typeof(TierCriteria).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".tier-criteria.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        var file = JsonSerializer.Deserialize<CriteriaFile>(stream, Json) ?? throw new InvalidOperationException("tier-criteria.json is empty.");
        return new TierCriteria(file.RuleSets);
    }

    private sealed record CriteriaFile(string Source, RuleSet[] RuleSets);
}
