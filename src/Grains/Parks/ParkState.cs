using CellValley.Grains.Events;

namespace CellValley.Grains.Parks;

/// <summary>Stored state of a park (System.Text.Json). Contract records are reused for the parts that never change shape.</summary>
public sealed class ParkState : IOutboxState
{
    public bool Exists { get; set; }

    public string Name { get; set; } = "";

    public string Zone { get; set; } = "";

    public string? Address { get; set; }

    public decimal OccupancyTarget { get; set; }

    public string? Operator { get; set; }

    public List<BuildingState> Buildings { get; set; } = [];

    public List<UnitState> Units { get; set; } = [];

    public List<MilestoneState> Milestones { get; set; } = [];

    public List<LeaseState> Leases { get; set; } = [];

    public List<HoldState> Holds { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class BuildingState
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int? Floors { get; set; }
}

public sealed class UnitState
{
    public string Id { get; set; } = "";

    public string BuildingId { get; set; } = "";

    public int? Floor { get; set; }

    public decimal AreaSqm { get; set; }

    public string? GmpGrade { get; set; }

    public bool LabDrains { get; set; }

    public bool Exhaust { get; set; }

    public bool ColdStorage { get; set; }

    public bool CleanRoom { get; set; }

    public string? FitOutNotes { get; set; }

    public DateOnly AvailableSince { get; set; }
}

public sealed class MilestoneState
{
    public string Kind { get; set; } = "";

    public DateOnly? Planned { get; set; }

    public DateOnly? Actual { get; set; }
}

public sealed class LeaseState
{
    public string Id { get; set; } = "";

    public string UnitId { get; set; } = "";

    public string TenantCode { get; set; } = "";

    public decimal AreaSqm { get; set; }

    public DateOnly Start { get; set; }

    public DateOnly End { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? TerminatedOn { get; set; }

    /// <summary>The end agreed at signing, kept when a termination moves End earlier.</summary>
    public DateOnly? OriginalEnd { get; set; }

    /// <summary>Why the lease ended early, as given with the termination.</summary>
    public string? TerminationReason { get; set; }

    /// <summary>Set when the lease was entered by mistake (or replaced by a correction): it stays on record but holds nothing.</summary>
    public DateTimeOffset? VoidedAt { get; set; }

    public string? VoidReason { get; set; }

    public string? ReplacedBy { get; set; }

    public bool Counts => VoidedAt is null;

    public string? Note { get; set; }

    public string? LeadId { get; set; }
}

/// <summary>A unit held for a landing in progress, until ExpiresAt.</summary>
public sealed class HoldState
{
    public string HoldId { get; set; } = "";

    public string UnitId { get; set; } = "";

    public string TenantCode { get; set; } = "";

    public decimal AreaSqm { get; set; }

    public DateOnly Start { get; set; }

    public DateOnly End { get; set; }

    public DateOnly? SignedOn { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
