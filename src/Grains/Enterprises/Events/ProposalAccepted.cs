using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>Fields an enterprise proposed were accepted by staff (the event's actor) and applied: the history names the proposal and its proposer.</summary>
public sealed record ProposalAccepted(IReadOnlyList<FieldChange> Fields, string Proposal, string ProposedBy) : IRegistryEvent
{
    public static string Name => "ProposalAccepted";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [.. Fields, FieldChange.Of<string?>("proposal", null, Proposal), FieldChange.Of<string?>("proposedBy", null, ProposedBy)];
}
