using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record UnitHoldReleased(string HoldId, string UnitId) : IRegistryEvent
{
    public static string Name => "UnitHoldReleased";

    public string? Subject => "unit:" + UnitId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of<string?>("holdId", HoldId, null)];
}
