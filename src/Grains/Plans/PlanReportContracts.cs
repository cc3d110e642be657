namespace CellValley.Grains.Plans;

/// <summary>What a department reports on an item for a quarter: status (延期 with a reason), percent or milestone, narrative, evidence.</summary>
[GenerateSerializer, Immutable, Alias("cv.PlanReportInput")]
public sealed record PlanReportInput(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Reason,
    [property: Id(2)] int? Percent,
    [property: Id(3)] string? Milestone,
    [property: Id(4)] string Narrative,
    [property: Id(5)] IReadOnlyList<string> Evidence);

/// <summary>One quarter's report on an item as it stands: what was reported, by whom, and its review.</summary>
[GenerateSerializer, Immutable, Alias("cv.PlanReportView")]
public sealed record PlanReportView(
    [property: Id(0)] string Quarter,
    [property: Id(1)] string Department,
    [property: Id(2)] PlanReportInput Report,
    [property: Id(3)] string State,
    [property: Id(4)] string SubmittedBy,
    [property: Id(5)] DateTimeOffset SubmittedAt,
    [property: Id(6)] DateTimeOffset FirstSubmittedAt,
    [property: Id(7)] int Submissions,
    [property: Id(8)] string? ReviewedBy,
    [property: Id(9)] DateTimeOffset? ReviewedAt,
    [property: Id(10)] string? ReviewComment);

[GenerateSerializer, Immutable, Alias("cv.PlanItemReports")]
public sealed record PlanItemReports(
    [property: Id(0)] IReadOnlyList<PlanReportView> Reports,
    [property: Id(1)] int Version);

/// <summary>Progress statuses (未开始 / 进行中 / 已完成 / 延期) and the review states of a report.</summary>
public static class PlanReportRules
{
    public const string NotStarted = "not-started";
    public const string InProgress = "in-progress";
    public const string Done = "done";
    public const string Delayed = "delayed";

    public static readonly IReadOnlyList<string> Statuses = [NotStarted, InProgress, Done, Delayed];

    public const string Submitted = "submitted";
    public const string Returned = "returned";
    public const string Accepted = "accepted";

    public const int MaxEvidence = 20;

    public static IReadOnlyList<Common.FieldError> Validate(PlanReportInput input)
    {
        var errors = new Common.FieldErrors();
        if (!Statuses.Contains(input.Status))
        {
            errors.Add("status", Common.Rule.OneOf(string.Join(", ", Statuses)));
        }
        else if (input.Status == Delayed && string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Add("reason", Common.Rule.ReasonForDelay());
        }

        errors.MaxLength("reason", input.Reason, 500);
        if (input.Percent is < 0 or > 100)
        {
            errors.Add("percent", Common.Rule.Between(0, 100));
        }

        errors.MaxLength("milestone", input.Milestone, 200);
        errors.Required("narrative", input.Narrative, 4000);
        if (input.Evidence.Count > MaxEvidence)
        {
            errors.Add("evidence", Common.Rule.Between(0, MaxEvidence));
        }

        return errors.ToList();
    }
}
