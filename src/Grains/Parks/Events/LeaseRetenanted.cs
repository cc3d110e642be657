using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

/// <summary>The lease's tenant was a duplicate record merged into another: the lease now names the surviving record.</summary>
public sealed record LeaseRetenanted(string LeaseId, string From, string To) : IRegistryEvent
{
    public static string Name => "LeaseRetenanted";

    public string? Subject => "lease:" + LeaseId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("tenantCode", From, To)];
}
