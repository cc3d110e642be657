using CellValley.Grains.Events;

namespace CellValley.Grains.Plans;

public sealed class PlanItemState : IOutboxState
{
    public List<PlanReportState> Reports { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class PlanReportState
{
    public string Quarter { get; set; } = "";

    public string Department { get; set; } = "";

    public string Status { get; set; } = "";

    public string? Reason { get; set; }

    public int? Percent { get; set; }

    public string? Milestone { get; set; }

    public string Narrative { get; set; } = "";

    public List<string> Evidence { get; set; } = [];

    public string State { get; set; } = "";

    public string SubmittedBy { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset FirstSubmittedAt { get; set; }

    public int Submissions { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewComment { get; set; }
}
