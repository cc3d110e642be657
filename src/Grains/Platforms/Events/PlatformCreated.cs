using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms.Events;

public sealed record PlatformCreated(PlatformDetails Platform, string Status, DateOnly Since) : IRegistryEvent
{
    public static string Name => "PlatformCreated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [.. EventChanges.Members(null, Platform), FieldChange.Of<string?>("status", null, Status), FieldChange.Of<DateOnly?>("since", null, Since)];
}
