using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>A tier recognition recorded by mistake was voided; the current tier may fall back with it.</summary>
public sealed record RecognitionVoided(int Seq, string Tier, string Reason, string TierBefore, string TierAfter) : IRegistryEvent
{
    public static string Name => "RecognitionVoided";

    public string? Subject => "recognition:" + Seq;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<int?>("seq", null, Seq),
        FieldChange.Of<string?>("recognition", null, Tier),
        FieldChange.Of<string?>("reason", null, Reason),
        .. EventChanges.IfChanged("tier", TierBefore, TierAfter),
    ];
}
