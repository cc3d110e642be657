using System.Text.Json;

namespace CellValley.Grains.Proposals;

/// <summary>Which of an enterprise's own profile changes apply at once (trusted, low-risk: contacts) and which wait for review: data (review-policy.json).</summary>
public sealed class ReviewPolicy(IReadOnlySet<string> direct)
{
    public IReadOnlySet<string> Direct { get; } = direct;

    public bool NeedsReview(string field) => !Direct.Contains(field);

    public static ReviewPolicy LoadEmbedded()
    {
        var assembly = typeof(ReviewPolicy).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Proposals.review-policy.json", StringComparison.Ordinal)))!;
        var file = JsonSerializer.Deserialize<PolicyFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return new ReviewPolicy(file.Profile.Direct.ToHashSet(StringComparer.Ordinal));
    }

    private sealed record PolicyFile(ProfilePolicy Profile);

    private sealed record ProfilePolicy(IReadOnlyList<string> Direct);
}
