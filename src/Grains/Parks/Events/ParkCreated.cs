using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record ParkCreated(ParkDetails Park) : IRegistryEvent
{
    public static string Name => "ParkCreated";

    public string? Subject => "info";

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Park);
}
