using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

public sealed record LeadAssigned(string OwnerBefore, string Owner) : IRegistryEvent
{
    public static string Name => "LeadAssigned";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("owner", OwnerBefore, Owner)];
}
