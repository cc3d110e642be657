using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>The enterprise moved out (迁出), was deregistered (注销) or became active again, from a day.</summary>
public sealed record StatusChanged(string StatusBefore, string Status, DateOnly Since, string? Destination, string? Reason) : IRegistryEvent
{
    public static string Name => "StatusChanged";

    public string? Subject => "status";

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("status", StatusBefore, Status),
        FieldChange.Of<DateOnly?>("since", null, Since),
        .. Destination is null ? [] : new[] { FieldChange.Of<string?>("destination", null, Destination) },
        .. Reason is null ? [] : new[] { FieldChange.Of<string?>("reason", null, Reason) },
    ];
}
