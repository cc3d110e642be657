using System.Text.Json;

namespace CellValley.Grains.Proposals;

/// <summary>
/// Which of an enterprise's own changes apply at once (trusted, low-risk: contacts) and which wait for review: data
/// (review-policy.json) — profile fields, and kinds of record change (ProposalKinds: product, product-update, stage, funding).
/// </summary>
public sealed class ReviewPolicy(IReadOnlySet<string> direct, IReadOnlySet<string>? directRecords = null)
{
    public IReadOnlySet<string> Direct { get; } = direct;

    public IReadOnlySet<string> DirectRecords { get; } = directRecords ?? new HashSet<string>();

    public bool NeedsReview(string field) => !Direct.Contains(field);

    public bool RecordNeedsReview(string kind) => !DirectRecords.Contains(kind);

    public static ReviewPolicy LoadEmbedded()
    {
        var assembly = typeof(ReviewPolicy).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Proposals.review-policy.json", StringComparison.Ordinal)))!;
        var file = JsonSerializer.Deserialize<PolicyFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var unknown = (file.Records?.Direct ?? []).Where(k => !ProposalKinds.All.Contains(k) || k == ProposalKinds.Profile).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidOperationException($"review-policy.json: records.direct names unknown kinds {string.Join(", ", unknown)}");
        }

        return new ReviewPolicy(file.Profile.Direct.ToHashSet(StringComparer.Ordinal), (file.Records?.Direct ?? []).ToHashSet(StringComparer.Ordinal));
    }

    private sealed record PolicyFile(ProfilePolicy Profile, ProfilePolicy? Records);

    private sealed record ProfilePolicy(IReadOnlyList<string> Direct);
}
