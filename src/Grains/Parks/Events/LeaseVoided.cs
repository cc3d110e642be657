using CellValley.Grains.Events;

namespace CellValley.Grains.Parks.Events;

/// <summary>A lease was voided with a reason (by a correction when ReplacedBy names the lease signed in its place).</summary>
public sealed record LeaseVoided(string LeaseId, string Reason, string? ReplacedBy) : IRegistryEvent
{
    public static string Name => "LeaseVoided";

    public string? Subject => "lease:" + LeaseId;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("voided", false, true),
        FieldChange.Of<string?>("reason", null, Reason),
        .. ReplacedBy is null ? [] : new[] { FieldChange.Of<string?>("replacedBy", null, ReplacedBy) },
    ];
}
