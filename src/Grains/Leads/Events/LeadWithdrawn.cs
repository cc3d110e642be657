using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

/// <summary>A lead opened by mistake (an import reverted) was withdrawn: it leaves the pipeline; its history stays.</summary>
public sealed record LeadWithdrawn(string Company, string Reason) : IRegistryEvent
{
    public static string Name => "LeadWithdrawn";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("company", Company, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
