using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record UnitChanged(UnitDetails Before, UnitDetails After) : IRegistryEvent
{
    public static string Name => "UnitChanged";

    public string? Subject => "unit:" + After.Id;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
