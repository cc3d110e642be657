using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record ParkUpdated(ParkDetails Before, ParkDetails After) : IRegistryEvent
{
    public static string Name => "ParkUpdated";

    public string? Subject => "info";

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
