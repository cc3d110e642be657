namespace CellValley.Grains.Parks.Events;

/// <summary>A park's own fields as its events record them.</summary>
public sealed record ParkDetails(string Name, string Zone, string? Address, decimal OccupancyTarget, string? Operator);

/// <summary>A building as its event records it.</summary>
public sealed record BuildingDetails(string Id, string Name, int? Floors);

/// <summary>A unit as its events record it.</summary>
public sealed record UnitDetails(string Id, string BuildingId, int? Floor, decimal AreaSqm, FitOutDetails FitOut, DateOnly AvailableSince);

/// <summary>A unit's fit-out as its events record it.</summary>
public sealed record FitOutDetails(string? GmpGrade, bool LabDrains, bool Exhaust, bool ColdStorage, bool CleanRoom, string? Notes);

/// <summary>A construction milestone as its event records it.</summary>
public sealed record MilestoneDetails(string Kind, DateOnly? Planned, DateOnly? Actual);

/// <summary>A signed lease as its event records it.</summary>
public sealed record LeaseDetails(
    string Id, string UnitId, string TenantCode, decimal AreaSqm, DateOnly Start, DateOnly End, DateOnly SignedOn, string? Note, string? LeadId);

/// <summary>A unit held for a landing in progress, as its event records it.</summary>
public sealed record HoldDetails(
    string HoldId, string UnitId, string TenantCode, decimal AreaSqm, DateOnly Start, DateOnly End, DateTimeOffset ExpiresAt);
