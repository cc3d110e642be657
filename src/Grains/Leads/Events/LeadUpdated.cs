using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

public sealed record LeadUpdated(LeadDetails Before, LeadDetails After) : IRegistryEvent
{
    public static string Name => "LeadUpdated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
