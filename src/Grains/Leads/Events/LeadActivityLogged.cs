using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

/// <summary>A follow-up logged against a lead, perhaps with the next follow-up planned.</summary>
public sealed record LeadActivityLogged(DateOnly Date, string Type, string Note, string RecordedBy, DateOnly? NextFollowUpBefore, DateOnly? NextFollowUp)
    : IRegistryEvent
{
    public static string Name => "LeadActivityLogged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<DateOnly?>("date", null, Date),
        FieldChange.Of<string?>("type", null, Type),
        FieldChange.Of<string?>("note", null, Note),
        FieldChange.Of<string?>("recordedBy", null, RecordedBy),
        .. EventChanges.IfChanged("nextFollowUp", NextFollowUpBefore, NextFollowUp),
    ];
}
