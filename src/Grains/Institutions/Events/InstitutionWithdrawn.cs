using CellValley.Grains.Events;

namespace CellValley.Grains.Institutions.Events;

/// <summary>A institution recorded by mistake (an import reverted) was withdrawn: it leaves every list; its history stays.</summary>
public sealed record InstitutionWithdrawn(string Label, string Reason) : IRegistryEvent
{
    public static string Name => "InstitutionWithdrawn";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("institution", Label, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
