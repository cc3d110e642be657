using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record UnitHeld(HoldDetails Hold) : IRegistryEvent
{
    public static string Name => "UnitHeld";

    public string? Subject => "unit:" + Hold.UnitId;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Hold);
}
