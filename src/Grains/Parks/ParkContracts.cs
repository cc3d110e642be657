namespace CellValley.Grains.Parks;

/// <summary>A park's description. OccupancyTarget is a share (0.8 = 80%, the seed's target).</summary>
[GenerateSerializer, Immutable, Alias("cv.ParkInfo")]
public sealed record ParkInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Zone,
    [property: Id(2)] string? Address,
    [property: Id(3)] decimal OccupancyTarget,
    [property: Id(4)] string? Operator);

[GenerateSerializer, Immutable, Alias("cv.Building")]
public sealed record Building([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] int? Floors);

/// <summary>How a unit is fitted out: GMP grade (A–D or none), lab drains, exhaust, cold storage, clean room.</summary>
[GenerateSerializer, Immutable, Alias("cv.FitOut")]
public sealed record FitOut(
    [property: Id(0)] string? GmpGrade,
    [property: Id(1)] bool LabDrains,
    [property: Id(2)] bool Exhaust,
    [property: Id(3)] bool ColdStorage,
    [property: Id(4)] bool CleanRoom,
    [property: Id(5)] string? Notes)
{
    public static readonly FitOut None = new(null, false, false, false, false, null);
}

/// <summary>A leasable unit; AvailableSince is when it could first be let (vacancy is counted from there).</summary>
[GenerateSerializer, Immutable, Alias("cv.Unit")]
public sealed record Unit(
    [property: Id(0)] string Id,
    [property: Id(1)] string BuildingId,
    [property: Id(2)] int? Floor,
    [property: Id(3)] decimal AreaSqm,
    [property: Id(4)] FitOut FitOut,
    [property: Id(5)] DateOnly AvailableSince);

/// <summary>A construction milestone (主体封顶, 改造完成, 正式运营) with planned and actual dates.</summary>
[GenerateSerializer, Immutable, Alias("cv.Milestone")]
public sealed record Milestone([property: Id(0)] string Kind, [property: Id(1)] DateOnly? Planned, [property: Id(2)] DateOnly? Actual);

/// <summary>
/// A lease request. Dates are half-open: the tenant holds the unit from Start up to, not including,
/// End (the move-out day), so a lease ending the day another starts does not overlap it.
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.NewLease")]
public sealed record NewLease(
    [property: Id(0)] string TenantCode,
    [property: Id(1)] string UnitId,
    [property: Id(2)] decimal AreaSqm,
    [property: Id(3)] DateOnly Start,
    [property: Id(4)] DateOnly End,
    [property: Id(5)] DateOnly? SignedOn,
    [property: Id(6)] string? Note);

/// <summary>A lease; State is committed (not started), in-place or expired, derived from the dates.</summary>
[GenerateSerializer, Immutable, Alias("cv.LeaseView")]
public sealed record LeaseView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ParkId,
    [property: Id(2)] string UnitId,
    [property: Id(3)] string TenantCode,
    [property: Id(4)] decimal AreaSqm,
    [property: Id(5)] DateOnly Start,
    [property: Id(6)] DateOnly End,
    [property: Id(7)] DateOnly SignedOn,
    [property: Id(8)] string State,
    [property: Id(9)] DateOnly? TerminatedOn,
    [property: Id(10)] string? Note,
    [property: Id(11)] string? LeadId,
    [property: Id(12)] DateOnly? OriginalEnd = null,
    [property: Id(13)] string? TerminationReason = null,
    [property: Id(14)] string? VoidReason = null,
    [property: Id(15)] string? ReplacedBy = null);

[GenerateSerializer, Immutable, Alias("cv.ParkView")]
public sealed record ParkView(
    [property: Id(0)] string Id,
    [property: Id(1)] ParkInfo Info,
    [property: Id(2)] IReadOnlyList<Building> Buildings,
    [property: Id(3)] IReadOnlyList<Unit> Units,
    [property: Id(4)] IReadOnlyList<Milestone> Milestones,
    [property: Id(5)] IReadOnlyList<LeaseView> Leases,
    [property: Id(6)] int Version);
