using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

/// <summary>A relation recorded by mistake (an import reverted) was withdrawn: it leaves every list; its history stays.</summary>
public sealed record RelationWithdrawn(string Label, string Reason) : IRegistryEvent
{
    public static string Name => "RelationWithdrawn";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("relation", Label, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
