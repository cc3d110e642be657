using CellValley.Grains.Events;
using CellValley.Grains.Products;

namespace CellValley.Grains.Enterprises;

/// <summary>Stored state of an enterprise grain (System.Text.Json). Not a wire or API type.</summary>
public sealed class EnterpriseState : IOutboxState
{
    public bool Registered { get; set; }

    public string CreditCode { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameEn { get; set; }

    public List<string> Segments { get; set; } = [];

    public DateOnly? FoundedOn { get; set; }

    public string? District { get; set; }

    public int? Headcount { get; set; }

    public decimal? RevenueYuan { get; set; }

    public decimal? RdSpendYuan { get; set; }

    public int? FinancialYear { get; set; }

    public List<ContactState> Contacts { get; set; } = [];

    public QualificationsState? Qualifications { get; set; }

    public List<RecognitionState> TierHistory { get; set; } = [];

    /// <summary>Moves out, deregistrations and returns, in the order recorded; none means active since registration.</summary>
    public List<StatusState> StatusHistory { get; set; } = [];

    public List<ProductState> Products { get; set; } = [];

    public List<Funding.FundingState> Funding { get; set; } = [];

    /// <summary>Count of committed events; the ETag the API hands out.</summary>
    public int Version { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The investment-promotion lead this enterprise landed from, if any.</summary>
    public string? LeadId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set once this record was merged into the surviving record of the same firm: it takes no more changes.</summary>
    public string? MergedInto { get; set; }

    /// <summary>The duplicates merged into this record, oldest first.</summary>
    public List<string> MergedFrom { get; set; } = [];

    /// <summary>A merge started but not finished (a crash between its steps); finished on the next activation or call.</summary>
    public PendingMerge? Merge { get; set; }

    /// <summary>Events written with this state but perhaps not yet in the event log.</summary>
    public List<PendingEvent> Outbox { get; set; } = [];

    /// <summary>The proposals last applied to the profile (their ids), so that a proposal resumed after a stop is not applied twice.</summary>
    public List<string> AppliedProposals { get; set; } = [];
}

public sealed class ContactState
{
    public string Name { get; set; } = "";

    public string? Title { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }
}

public sealed class QualificationsState
{
    public int? IpClass1Items { get; set; }

    public int? IpClass2Items { get; set; }

    public bool? HighTechEnterprise { get; set; }

    public bool? StateOrProvincialProject { get; set; }
}

public sealed class RecognitionState
{
    /// <summary>Set when the recognition was recorded by mistake: it stays in the history but no longer counts.</summary>
    public DateTimeOffset? VoidedAt { get; set; }

    public string? VoidedBy { get; set; }

    public string? VoidReason { get; set; }

    public bool Counts => VoidedAt is null;

    public string Tier { get; set; } = "";

    public DateOnly RecognizedOn { get; set; }

    public string? Batch { get; set; }

    public string Source { get; set; } = "";

    public string? Reason { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>What the eligibility engine said when this was recorded (met, not-met, unknown).</summary>
    public string? EngineVerdict { get; set; }
}

/// <summary>A change of an enterprise's status in the cluster.</summary>
public sealed class StatusState
{
    public string Status { get; set; } = EnterpriseStatuses.Active;

    public DateOnly Since { get; set; }

    public string? Destination { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A merge into another record, recorded before its first step so a crash leaves nothing half-done.</summary>
public sealed class PendingMerge
{
    public string Survivor { get; set; } = "";

    public string Reason { get; set; } = "";

    public string ActorName { get; set; } = "";

    public string ActorRole { get; set; } = "";
}

/// <summary>The parts a duplicate hands over in a merge, as it stores them.</summary>
public sealed class MovedParts
{
    public List<ProductState> Products { get; set; } = [];

    public List<Funding.FundingState> Funding { get; set; } = [];

    public List<RecognitionState> Recognitions { get; set; } = [];
}
