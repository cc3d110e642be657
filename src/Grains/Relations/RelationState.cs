using CellValley.Grains.Events;

namespace CellValley.Grains.Relations;

/// <summary>Stored state of a relation.</summary>
public sealed class RelationState : IOutboxState
{
    public bool Exists { get; set; }

    public string Type { get; set; } = "";

    public string FromKind { get; set; } = "";

    public string FromId { get; set; } = "";

    public string ToKind { get; set; } = "";

    public string ToId { get; set; } = "";

    public string Disclosure { get; set; } = "";

    public DateOnly? Since { get; set; }

    public DateOnly? Until { get; set; }

    public string? SupplyKind { get; set; }

    public string? Note { get; set; }

    /// <summary>Set when one end was a duplicate enterprise merged away: the relation counts nowhere from then on.</summary>
    public DateTimeOffset? MergedAt { get; set; }

    /// <summary>The relation that carries this one on under the surviving record (none when it would join the survivor to itself).</summary>
    public string? MergedInto { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}
