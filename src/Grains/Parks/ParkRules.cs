using CellValley.Grains.Common;

namespace CellValley.Grains.Parks;

/// <summary>Rules of parks, units and leases.</summary>
public static class ParkRules
{
    public static readonly string[] Zones = ["经开区", "高新区", "保税区", "中新生态城", "东疆", "中心商务区", "其他"];
    public static readonly string[] GmpGrades = ["A", "B", "C", "D"];
    public static readonly string[] MilestoneKinds = ["topped-out", "fit-out-complete", "operating"];
    public const decimal MaxAreaSqm = 10_000_000m;

    public static IReadOnlyList<FieldError> Validate(ParkInfo info)
    {
        var errors = new FieldErrors();
        errors.Required("name", info.Name, 100);
        if (!Zones.Contains(info.Zone))
        {
            errors.Add("zone", Rule.OneOf(string.Join(", ", Zones)));
        }

        errors.MaxLength("address", info.Address, 200);
        errors.MaxLength("operator", info.Operator, 100);
        if (info.OccupancyTarget is <= 0 or > 1)
        {
            errors.Add("occupancyTarget", Rule.ShareAboveZero());
        }

        return errors.ToList();
    }

    public static void Validate(FieldErrors errors, Unit unit, IEnumerable<string> buildingIds)
    {
        if (!ParkKey.IsValidId(unit.Id))
        {
            errors.Add("id", Rule.Identifier());
        }

        if (!buildingIds.Contains(unit.BuildingId))
        {
            errors.Add("buildingId", Rule.NotABuilding(unit.BuildingId));
        }

        if (unit.AreaSqm is <= 0 or > MaxAreaSqm)
        {
            errors.Add("areaSqm", Rule.PositiveAtMost(MaxAreaSqm));
        }

        if (unit.Floor is < -10 or > 200)
        {
            errors.Add("floor", Rule.Between(-10, 200));
        }

        if (unit.FitOut.GmpGrade is not null && !GmpGrades.Contains(unit.FitOut.GmpGrade))
        {
            errors.Add("fitOut.gmpGrade", Rule.GmpGrade());
        }

        errors.MaxLength("fitOut.notes", unit.FitOut.Notes, 500);
    }

    /// <summary>Shape of a lease: dates in order, area within the unit's.</summary>
    public static void Validate(FieldErrors errors, NewLease lease, UnitState? unit, DateOnly today)
    {
        if (unit is null)
        {
            errors.Add("unitId", Rule.NotAUnit(lease.UnitId));
        }
        else if (lease.AreaSqm > unit.AreaSqm)
        {
            errors.Add("areaSqm", Rule.AreaWithinUnit(unit.AreaSqm));
        }

        if (lease.AreaSqm <= 0)
        {
            errors.Add("areaSqm", Rule.Positive());
        }

        if (lease.End <= lease.Start)
        {
            errors.Add("end", Rule.EndAfterStart(lease.Start));
        }

        if (lease.SignedOn > today)
        {
            errors.Add("signedOn", Rule.NotInFuture(today));
        }

        errors.MaxLength("note", lease.Note, 500);
    }

    /// <summary>Half-open periods [start, end) overlap when each starts before the other ends.</summary>
    public static bool Overlaps(DateOnly start, DateOnly end, DateOnly otherStart, DateOnly otherEnd) =>
        start < otherEnd && otherStart < end;

    public static string StateOf(DateOnly start, DateOnly end, DateOnly today) =>
        today < start ? "committed" : today < end ? "in-place" : "expired";
}
