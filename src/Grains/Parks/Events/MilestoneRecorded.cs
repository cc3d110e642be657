using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record MilestoneRecorded(MilestoneDetails? Before, MilestoneDetails After) : IRegistryEvent
{
    public static string Name => "MilestoneRecorded";

    public string? Subject => "milestone:" + After.Kind;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
