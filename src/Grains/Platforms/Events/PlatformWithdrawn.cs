using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms.Events;

/// <summary>A platform recorded by mistake (an import reverted) was withdrawn: it leaves every list; its history stays.</summary>
public sealed record PlatformWithdrawn(string Label, string Reason) : IRegistryEvent
{
    public static string Name => "PlatformWithdrawn";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("platform", Label, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
