using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record BuildingAdded(BuildingDetails Building) : IRegistryEvent
{
    public static string Name => "BuildingAdded";

    public string? Subject => "building:" + Building.Id;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Building);
}
