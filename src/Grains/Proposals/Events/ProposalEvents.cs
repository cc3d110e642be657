using CellValley.Grains.Events;

namespace CellValley.Grains.Proposals.Events;

/// <summary>An enterprise proposed changes to its profile, awaiting review.</summary>
public sealed record ProposalSubmitted(string CreditCode, IReadOnlyList<FieldChange> Fields, string? Comment) : IRegistryEvent
{
    public static string Name => "ProposalSubmitted";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [FieldChange.Of<string?>("enterprise", null, CreditCode), .. Fields, FieldChange.Of<string?>("comment", null, Comment)];
}

/// <summary>Staff decided each field of a proposal (accept or reject), with a comment; the accepted ones were applied to the profile.</summary>
public sealed record ProposalReviewed(string State, IReadOnlyDictionary<string, string> Decisions, string? Comment) : IRegistryEvent
{
    public static string Name => "ProposalReviewed";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("state", "pending", State),
        .. Decisions.Select(d => FieldChange.Of<string?>("decision:" + d.Key, null, d.Value)),
        FieldChange.Of<string?>("comment", null, Comment),
    ];
}

/// <summary>The proposal left review: withdrawn by the enterprise, or lapsed because the record changed after it was made.</summary>
public sealed record ProposalClosed(string State) : IRegistryEvent
{
    public static string Name => "ProposalClosed";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of<string?>("state", "pending", State)];
}
