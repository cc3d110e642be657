using System.ComponentModel.DataAnnotations;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Parks;

namespace CellValley.Api.Parks;

/// <summary>Body of POST /api/parks (id optional: one is made from nothing if left out) and PUT /api/parks/{id}.</summary>
public sealed record ParkRequest(string? Id, [property: Required] string? Name, string? Zone, string? Address, decimal? OccupancyTarget, string? Operator);

public sealed record BuildingRequest(string? Id, [property: Required] string? Name, int? Floors);

public sealed record FitOutDto(string? GmpGrade, bool? LabDrains, bool? Exhaust, bool? ColdStorage, bool? CleanRoom, string? Notes);

/// <summary>Body of PUT /api/parks/{id}/units/{unitId}.</summary>
public sealed record UnitRequest(string? BuildingId, int? Floor, [property: Required] decimal? AreaSqm, FitOutDto? FitOut, DateOnly? AvailableSince);

public sealed record MilestoneRequest(string? Kind, DateOnly? Planned, DateOnly? Actual);

/// <summary>Body of POST /api/parks/{id}/leases. end is the move-out day: the lease covers [start, end).</summary>
public sealed record LeaseRequest([property: Required] string? TenantCode, [property: Required] string? UnitId, [property: Required] decimal? AreaSqm, [property: Required] DateOnly? Start, [property: Required] DateOnly? End, DateOnly? SignedOn, string? Note);

public sealed record TerminationRequest([property: Required] DateOnly? EndOn, [property: Required] string? Reason);

/// <summary>Body of POST …/leases/{leaseId}/void: why the lease was entered by mistake.</summary>
public sealed record VoidLeaseRequest([property: Required] string? Reason);

/// <summary>Body of POST …/leases/{leaseId}/correction: the lease as it should have been, and why.</summary>
public sealed record CorrectLeaseRequest([property: Required] string? Reason, [property: Required] LeaseRequest? Lease);

internal static class ParkDtoMapping
{
    public static ParkInfo ToInfo(this ParkRequest r) => new(r.Name ?? "", r.Zone ?? "", r.Address, r.OccupancyTarget ?? 0.8m, r.Operator);

    public static FitOut ToFitOut(this FitOutDto? f) => f is null
        ? FitOut.None
        : new FitOut(f.GmpGrade, f.LabDrains ?? false, f.Exhaust ?? false, f.ColdStorage ?? false, f.CleanRoom ?? false, f.Notes);

    /// <summary>The lease, or the fields it lacks.</summary>
    public static NewLease? ToLease(this LeaseRequest r, Grains.Common.FieldErrors errors, string prefix = "")
    {
        if (string.IsNullOrWhiteSpace(r.TenantCode))
        {
            errors.Add(prefix + "tenantCode", Rule.Required());
        }

        if (string.IsNullOrWhiteSpace(r.UnitId))
        {
            errors.Add(prefix + "unitId", Rule.Required());
        }

        if (r.AreaSqm is null)
        {
            errors.Add(prefix + "areaSqm", Rule.Required());
        }

        if (r.Start is null)
        {
            errors.Add(prefix + "start", Rule.Required());
        }

        if (r.End is null)
        {
            errors.Add(prefix + "end", Rule.Required());
        }

        return errors.Any ? null : new NewLease(r.TenantCode!, r.UnitId!, r.AreaSqm!.Value, r.Start!.Value, r.End!.Value, r.SignedOn, r.Note);
    }
}
