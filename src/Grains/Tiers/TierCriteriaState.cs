using CellValley.Grains.Events;

namespace CellValley.Grains.Tiers;

/// <summary>Stored state of a rule set's admin-set thresholds.</summary>
public sealed class TierCriteriaState : IOutboxState
{
    public Dictionary<string, decimal?> Overrides { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}
