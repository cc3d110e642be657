using CellValley.Grains.Parks;

namespace CellValley.Api.Parks;

/// <summary>How a unit is fitted out, as the API returns it.</summary>
public sealed record UnitFitOutDto(string? GmpGrade, bool LabDrains, bool Exhaust, bool ColdStorage, bool CleanRoom, string? Notes);

public sealed record BuildingDto(string Id, string Name, int? Floors);

/// <summary>A leasable unit; availableSince is when it could first be let.</summary>
public sealed record UnitDto(string Id, string BuildingId, int? Floor, decimal AreaSqm, UnitFitOutDto FitOut, DateOnly AvailableSince);

/// <summary>A construction milestone (topped-out 主体封顶, fit-out-complete 改造完成, operating 正式运营).</summary>
public sealed record MilestoneDto(string Kind, DateOnly? Planned, DateOnly? Actual);

/// <summary>A lease covering [start, end); state is committed, in-place or expired on today's date.</summary>
public sealed record LeaseDto(
    string Id,
    string ParkId,
    string UnitId,
    string TenantCode,
    decimal AreaSqm,
    DateOnly Start,
    DateOnly End,
    DateOnly SignedOn,
    string State,
    DateOnly? TerminatedOn,
    string? Note,
    string? LeadId,
    DateOnly? OriginalEnd,
    string? TerminationReason,
    string? VoidReason,
    string? ReplacedBy);

/// <summary>A park with its buildings, units, milestones and (for those who may see them) leases.</summary>
public sealed record ParkDto(
    string Id,
    string Name,
    string Zone,
    string? Address,
    decimal OccupancyTarget,
    string? Operator,
    IReadOnlyList<BuildingDto> Buildings,
    IReadOnlyList<UnitDto> Units,
    IReadOnlyList<MilestoneDto> Milestones,
    IReadOnlyList<LeaseDto> Leases,
    int Version);

public static class ParkViewMapping
{
    public static UnitFitOutDto AsDto(this FitOut f) => new(f.GmpGrade, f.LabDrains, f.Exhaust, f.ColdStorage, f.CleanRoom, f.Notes);

    public static LeaseDto AsDto(this LeaseView l) =>
        new(l.Id, l.ParkId, l.UnitId, l.TenantCode, l.AreaSqm, l.Start, l.End, l.SignedOn, l.State, l.TerminatedOn, l.Note, l.LeadId,
            l.OriginalEnd, l.TerminationReason, l.VoidReason, l.ReplacedBy);

    public static ParkDto AsDto(this ParkView p) => new(
        p.Id, p.Info.Name, p.Info.Zone, p.Info.Address, p.Info.OccupancyTarget, p.Info.Operator,
        p.Buildings.Select(b => new BuildingDto(b.Id, b.Name, b.Floors)).ToArray(),
        p.Units.Select(u => new UnitDto(u.Id, u.BuildingId, u.Floor, u.AreaSqm, u.FitOut.AsDto(), u.AvailableSince)).ToArray(),
        p.Milestones.Select(m => new MilestoneDto(m.Kind, m.Planned, m.Actual)).ToArray(),
        p.Leases.Select(l => l.AsDto()).ToArray(),
        p.Version);
}
