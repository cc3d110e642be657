using System.Text.Json;

namespace CellValley.Grains.Funding;

/// <summary>A grant category of a policy version, with its cap (null: uncapped).</summary>
public sealed record GrantCategory(string Code, string Name, decimal? CapYuan, bool PerProduct, bool CountsTowardAnnualCap);

/// <summary>One version of the grant-cap policy, in force from a date (to a date, if it ended).</summary>
public sealed record GrantPolicyVersion(
    string Version,
    string Title,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    decimal? AnnualCapYuan,
    IReadOnlyList<GrantCategory> Categories)
{
    public bool InForceOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date <= EffectiveTo);

    public GrantCategory? Find(string code) => Categories.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The grant caps of seed 004 as versioned data: a grant is checked against the version in force
/// on the grant's date, so a change of policy never re-judges grants made under the old one.
/// </summary>
public sealed class GrantPolicies(IReadOnlyList<GrantPolicyVersion> versions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<GrantPolicyVersion> Versions { get; } = versions.OrderBy(v => v.EffectiveFrom).ToArray();

    public GrantPolicyVersion? InForceOn(DateOnly date) => Versions.LastOrDefault(v => v.InForceOn(date));

    /// <summary>Every category code any version knows.</summary>
    public IEnumerable<string> CategoryCodes => Versions.SelectMany(v => v.Categories).Select(c => c.Code).Distinct();

    public static GrantPolicies LoadEmbedded()
    {
        var assembly = typeof(GrantPolicies).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".grant-caps.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        var file = JsonSerializer.Deserialize<PolicyFile>(stream, Json) ?? throw new InvalidOperationException("grant-caps.json is empty.");
        return new GrantPolicies(file.Versions);
    }

    private sealed record PolicyFile(string Source, GrantPolicyVersion[] Versions);
}
