using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

/// <summary>A relation between two registered things was recorded.</summary>
public sealed record RelationRecorded(string Type, string From, string To, string Disclosure, DateOnly? Since) : IRegistryEvent
{
    public static string Name => "RelationRecorded";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("type", null, Type),
        FieldChange.Of<string?>("from", null, From),
        FieldChange.Of<string?>("to", null, To),
        FieldChange.Of<string?>("disclosure", null, Disclosure),
        FieldChange.Of<DateOnly?>("since", null, Since),
    ];
}
