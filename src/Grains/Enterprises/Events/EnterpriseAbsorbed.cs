using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>A duplicate record of the same firm was merged into this one: its products, funding and recognitions are now here.</summary>
public sealed record EnterpriseAbsorbed(string From, string Reason, IReadOnlyList<string> Products, IReadOnlyList<string> Funding, int Recognitions) : IRegistryEvent
{
    public static string Name => "EnterpriseAbsorbed";

    public string? Subject => "merge";

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("mergedFrom", null, From),
        FieldChange.Of<string?>("reason", null, Reason),
        FieldChange.Of<IReadOnlyList<string>>("products", [], Products),
        FieldChange.Of<IReadOnlyList<string>>("funding", [], Funding),
        FieldChange.Of("recognitions", 0, Recognitions),
    ];
}
