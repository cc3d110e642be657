namespace CellValley.Grains.Common;

/// <summary>Rules of parks, units, leases and milestones.</summary>
public sealed partial record Rule
{
    public static Rule GmpGrade() => new("GmpGrade", "must be A, B, C or D (or left out)");

    public static Rule BuildingExists(string id) => new("BuildingExists", $"building '{id}' already exists in this park", id);

    public static Rule NotABuilding(string id) => new("NotABuilding", $"'{id}' is not a building of this park", id);

    public static Rule NotAUnit(string id) => new("NotAUnit", $"'{id}' is not a unit of this park", id);

    public static Rule AreaWithinUnit(decimal unitArea) => new("AreaWithinUnit", $"must not exceed the unit's {S(unitArea)} m²", S(unitArea));

    public static Rule AreaCoversLeases(decimal leaseArea) =>
        new("AreaCoversLeases", $"must stay at least {S(leaseArea)} m², the area of a lease on this unit", S(leaseArea));

    public static Rule EndAfterStart(DateOnly start) => new("EndAfterStart", $"must be after start ({D(start)}); end is the move-out day", D(start));

    public static Rule MilestoneDate() => new("MilestoneDate", "give a planned date, an actual date, or both");

    public static Rule EarlyEnd(DateOnly start, DateOnly end) =>
        new("EarlyEnd", $"must be on or after the start ({D(start)}) and before the current end ({D(end)})", D(start), D(end));

    public static Rule LeaseClash(string unitId, string tenant, string leaseId, DateOnly start, DateOnly end) =>
        new("LeaseClash", $"unit {unitId} is let to {tenant} by lease {leaseId} from {D(start)} to {D(end)}", unitId, tenant, leaseId, D(start), D(end));

    public static Rule UnitHeld(string unitId, DateTimeOffset until) =>
        new("UnitHeld", $"unit {unitId} is held for a landing in progress until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
            unitId, until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
}
