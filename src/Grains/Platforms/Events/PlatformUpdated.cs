using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms.Events;

public sealed record PlatformUpdated(PlatformDetails Before, PlatformDetails After) : IRegistryEvent
{
    public static string Name => "PlatformUpdated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
