using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record UnitAdded(UnitDetails Unit) : IRegistryEvent
{
    public static string Name => "UnitAdded";

    public string? Subject => "unit:" + Unit.Id;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Unit);
}
