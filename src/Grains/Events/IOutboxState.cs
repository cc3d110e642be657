namespace CellValley.Grains.Events;

/// <summary>What every registry grain's stored state has: its version (the ETag), when it last changed, and its outbox.</summary>
public interface IOutboxState
{
    int Version { get; set; }

    DateTimeOffset UpdatedAt { get; set; }

    List<PendingEvent> Outbox { get; set; }
}
