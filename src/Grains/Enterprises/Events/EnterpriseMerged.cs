using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>This record, a duplicate of the same firm, was merged into the surviving record; its parts moved there.</summary>
public sealed record EnterpriseMerged(string StatusBefore, string Into, string Reason, int Products, int Funding, int Recognitions) : IRegistryEvent
{
    public static string Name => "EnterpriseMerged";

    public string? Subject => "status";

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("status", StatusBefore, EnterpriseStatuses.Merged),
        FieldChange.Of<string?>("mergedInto", null, Into),
        FieldChange.Of<string?>("reason", null, Reason),
        FieldChange.Of("products", Products, 0),
        FieldChange.Of("funding", Funding, 0),
        FieldChange.Of("recognitions", Recognitions, 0),
    ];
}
