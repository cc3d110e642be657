using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

/// <summary>A relation recorded against a duplicate record, carried over to the surviving record with its dates.</summary>
public sealed record RelationMovedIn(string Type, string From, string To, string Disclosure, DateOnly? Since, DateOnly? Until, string MovedFrom) : IRegistryEvent
{
    public static string Name => "RelationMovedIn";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("type", null, Type),
        FieldChange.Of<string?>("from", null, From),
        FieldChange.Of<string?>("to", null, To),
        FieldChange.Of<string?>("disclosure", null, Disclosure),
        FieldChange.Of<DateOnly?>("since", null, Since),
        .. Until is null ? [] : new[] { FieldChange.Of<DateOnly?>("until", null, Until) },
        FieldChange.Of<string?>("movedFrom", null, MovedFrom),
    ];
}
