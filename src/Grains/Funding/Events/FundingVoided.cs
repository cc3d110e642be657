using CellValley.Grains.Events;

namespace CellValley.Grains.Funding.Events;

/// <summary>A funding entry was voided with a reason (by a correction when ReplacedBy names the entry that took its place).</summary>
public sealed record FundingVoided(string FundingId, string Reason, string? ReplacedBy) : IRegistryEvent
{
    public static string Name => "FundingVoided";

    public string? Subject => "funding:" + FundingId;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("voided", false, true),
        FieldChange.Of<string?>("reason", null, Reason),
        .. ReplacedBy is null ? [] : new[] { FieldChange.Of<string?>("replacedBy", null, ReplacedBy) },
    ];
}
