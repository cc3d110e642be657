using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>A registration made by mistake was withdrawn (an import reverted): the record leaves every list; the code may be registered again.</summary>
public sealed record EnterpriseWithdrawn(string Company, string Reason) : IRegistryEvent
{
    public static string Name => "EnterpriseWithdrawn";

    public string? Subject => "status";

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("name", Company, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
