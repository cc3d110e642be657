namespace CellValley.Grains;

/// <summary>Grain storage provider names.</summary>
public static class StorageNames
{
    /// <summary>ADO.NET grain storage on PostgreSQL for the registry's grains.</summary>
    public const string Registry = "registry";
}

/// <summary>
/// State names. The ADO.NET provider keys a row by state name and grain key, not by grain type,
/// so each name must be unique across all grain types and never change.
/// </summary>
public static class StateNames
{
    public const string Enterprise = "cv.enterprise";

    public const string TierCriteria = "cv.tier-criteria";

    public const string Relation = "cv.relation";

    public const string Institution = "cv.institution";

    public const string Park = "cv.park";

    public const string Platform = "cv.platform";

    public const string Lead = "cv.lead";

    public const string PlanItem = "cv.plan-item";

    public const string Proposal = "cv.proposal";
}
