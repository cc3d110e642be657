using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

public sealed record LeadStatusChanged(string StatusBefore, string Status, string? Reason, string? LostTo) : IRegistryEvent
{
    public static string Name => "LeadStatusChanged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [FieldChange.Of("status", StatusBefore, Status), FieldChange.Of<string?>("reason", null, Reason), FieldChange.Of<string?>("lostTo", null, LostTo)];
}
