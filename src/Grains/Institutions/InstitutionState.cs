using CellValley.Grains.Events;

namespace CellValley.Grains.Institutions;

public sealed class InstitutionState : IOutboxState
{
    public bool Registered { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? City { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}
