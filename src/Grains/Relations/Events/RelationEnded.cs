using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

public sealed record RelationEnded(DateOnly Until, string? Reason) : IRegistryEvent
{
    public static string Name => "RelationEnded";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of<DateOnly?>("until", null, Until), FieldChange.Of<string?>("reason", null, Reason)];
}
