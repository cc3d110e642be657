using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms.Events;

public sealed record PlatformStatusChanged(string StatusBefore, string Status, DateOnly Since, string? Reason = null) : IRegistryEvent
{
    public static string Name => "PlatformStatusChanged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("status", StatusBefore, Status),
        FieldChange.Of<DateOnly?>("since", null, Since),
        .. Reason is null ? [] : new[] { FieldChange.Of<string?>("reason", null, Reason) },
    ];
}
