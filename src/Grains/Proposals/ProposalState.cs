using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;

namespace CellValley.Grains.Proposals;

public sealed class ProposalState : IOutboxState
{
    public bool Submitted { get; set; }

    public string CreditCode { get; set; } = "";

    /// <summary>What the proposal changes (ProposalKinds): the profile (Changes) or one of the enterprise's records (Record).</summary>
    public string Kind { get; set; } = ProposalKinds.Profile;

    public ProfileChanges Changes { get; set; } = new();

    public ProposedRecord? Record { get; set; }

    public List<ProposedField> Fields { get; set; } = [];

    public Dictionary<string, string> Decisions { get; set; } = [];

    public string? Comment { get; set; }

    public string State { get; set; } = ProposalStates.Pending;

    /// <summary>Decided and not yet applied to the enterprise: resumed on the next activation.</summary>
    public bool Applying { get; set; }

    public string ProposedBy { get; set; } = "";

    public DateTimeOffset ProposedAt { get; set; }

    public int BaseVersion { get; set; }

    public string? ReviewedBy { get; set; }

    public string? ReviewerRole { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewComment { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}
