using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

/// <summary>
/// One end of the relation was a duplicate record merged into another: the relation now lives under the
/// surviving record (Into names that relation; none when it would join the survivor to itself) and counts nowhere here.
/// </summary>
public sealed record RelationMerged(string Duplicate, string Survivor, string? Into) : IRegistryEvent
{
    public static string Name => "RelationMerged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("end", Duplicate, Survivor),
        FieldChange.Of<string?>("mergedInto", null, Into),
    ];
}
