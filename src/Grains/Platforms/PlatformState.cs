using CellValley.Grains.Events;

namespace CellValley.Grains.Platforms;

public sealed class PlatformState : IOutboxState
{
    public bool Exists { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Operator { get; set; }

    public string? ParkId { get; set; }

    public List<string> Services { get; set; } = [];

    public string? Note { get; set; }

    public List<PlatformStatusState> Statuses { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class PlatformStatusState
{
    public string Status { get; set; } = "";

    public DateOnly Since { get; set; }

    public string? Reason { get; set; }
}
