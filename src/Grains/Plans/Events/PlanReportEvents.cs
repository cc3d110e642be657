using CellValley.Grains.Events;

namespace CellValley.Grains.Plans.Events;

/// <summary>A report's content as its events record it.</summary>
public sealed record PlanReportDetails(string Department, string Status, string? Reason, int? Percent, string? Milestone, string Narrative, IReadOnlyList<string> Evidence);

/// <summary>A department submitted (or, after a return, resubmitted) its report on the item for a quarter.</summary>
public sealed record PlanReportSubmitted(string Quarter, PlanReportDetails? Before, PlanReportDetails After) : IRegistryEvent
{
    public static string Name => "PlanReportSubmitted";

    public string? Subject => "quarter:" + Quarter;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}

/// <summary>Staff returned a quarter's report to the department with a comment: it is to be corrected and submitted again.</summary>
public sealed record PlanReportReturned(string Quarter, string Comment) : IRegistryEvent
{
    public static string Name => "PlanReportReturned";

    public string? Subject => "quarter:" + Quarter;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("state", PlanReportRules.Submitted, PlanReportRules.Returned),
        FieldChange.Of<string?>("comment", null, Comment),
    ];
}

/// <summary>Staff accepted a quarter's report (with an optional comment): it counts in the lights and the 季报.</summary>
public sealed record PlanReportAccepted(string Quarter, string? Comment) : IRegistryEvent
{
    public static string Name => "PlanReportAccepted";

    public string? Subject => "quarter:" + Quarter;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("state", PlanReportRules.Submitted, PlanReportRules.Accepted),
        FieldChange.Of<string?>("comment", null, Comment),
    ];
}
