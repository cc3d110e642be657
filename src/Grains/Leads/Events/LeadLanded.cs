using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

/// <summary>The lead became a registered enterprise (and perhaps a tenant): stage landed, status won.</summary>
public sealed record LeadLanded(string StageBefore, string StatusBefore, string CreditCode, string? LeaseId) : IRegistryEvent
{
    public static string Name => "LeadLanded";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("stage", StageBefore, "landed"),
        FieldChange.Of<string?>("status", StatusBefore, "won"),
        FieldChange.Of<string?>("enterprise", null, CreditCode),
        FieldChange.Of<string?>("lease", null, LeaseId),
    ];
}
