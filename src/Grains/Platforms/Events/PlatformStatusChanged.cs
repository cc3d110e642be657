using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms.Events;

public sealed record PlatformStatusChanged(string StatusBefore, string Status, DateOnly Since) : IRegistryEvent
{
    public static string Name => "PlatformStatusChanged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("status", StatusBefore, Status), FieldChange.Of<DateOnly?>("since", null, Since)];
}
