using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>A tier recognition was recorded; the enterprise's current tier may have moved with it.</summary>
public sealed record TierRecognized(string? TierBefore, string? Tier, RecognitionDetails Recognition) : IRegistryEvent
{
    public static string Name => "TierRecognized";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [FieldChange.Of("tier", TierBefore, Tier), FieldChange.Of<RecognitionDetails?>("recognition", null, Recognition)];
}

/// <summary>A recognition as its event records it, with the eligibility engine's verdict at the time.</summary>
public sealed record RecognitionDetails(
    string Tier, DateOnly RecognizedOn, string? Batch, string Source, string? Reason, DateOnly? ValidUntil, string? EngineVerdict, string? RuleSet);
