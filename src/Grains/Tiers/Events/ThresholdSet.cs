using CellValley.Grains.Events;

namespace CellValley.Grains.Tiers.Events;

/// <summary>A clause's threshold was set (or returned to the published value).</summary>
public sealed record ThresholdSet(string ClauseId, decimal? Before, decimal? After) : IRegistryEvent
{
    public static string Name => "ThresholdSet";

    public string? Subject => "clause:" + ClauseId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("threshold", Before, After)];
}
