using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

public sealed record LeaseSigned(LeaseDetails Lease) : IRegistryEvent
{
    public static string Name => "LeaseSigned";

    public string? Subject => "lease:" + Lease.Id;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Lease);
}
