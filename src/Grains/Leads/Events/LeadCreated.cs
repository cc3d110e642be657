using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

public sealed record LeadCreated(LeadDetails Lead, string Owner) : IRegistryEvent
{
    public static string Name => "LeadCreated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [.. EventChanges.Members(null, Lead), FieldChange.Of<string?>("owner", null, Owner)];
}
