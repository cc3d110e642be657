using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

public sealed record LeadStageChanged(string StageBefore, string Stage, DateOnly Since) : IRegistryEvent
{
    public static string Name => "LeadStageChanged";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("stage", StageBefore, Stage), FieldChange.Of<DateOnly?>("since", null, Since)];
}
