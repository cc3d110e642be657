using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

/// <summary>A lease ended early: its move-out day brought forward, with the reason.</summary>
public sealed record LeaseTerminated(string LeaseId, DateOnly EndBefore, DateOnly End, string Reason) : IRegistryEvent
{
    public static string Name => "LeaseTerminated";

    public string? Subject => "lease:" + LeaseId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("end", EndBefore, End), FieldChange.Of<string?>("reason", null, Reason)];
}
