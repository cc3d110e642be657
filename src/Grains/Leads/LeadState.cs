using CellValley.Grains.Events;

namespace CellValley.Grains.Leads;

/// <summary>Stored state of a lead. The contract records are immutable values, so they are stored as they are.</summary>
public sealed class LeadState : IOutboxState
{
    public bool Exists { get; set; }

    public LeadInfoState? Info { get; set; }

    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    public List<LeadStageState> Stages { get; set; } = [];

    public string Status { get; set; } = "active";

    /// <summary>Every status the lead has had, dated.</summary>
    public List<LeadStatusState> StatusHistory { get; set; } = [];

    public string? StatusReason { get; set; }

    public string? LostTo { get; set; }

    public List<LeadActivityState> Activities { get; set; } = [];

    public string? LandedCode { get; set; }

    public string? LandedLeaseId { get; set; }

    /// <summary>A landing started but not finished (a crash between its steps); resumed or undone on the next call.</summary>
    public PendingLanding? Landing { get; set; }

    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class PendingLanding
{
    public string CreditCode { get; set; } = "";

    public string? ParkId { get; set; }

    public string? HoldId { get; set; }

    /// <summary>The lease terms, to sign afresh if the hold lapsed while the landing was interrupted.</summary>
    public Parks.NewLease? Lease { get; set; }
}
