using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Plans.Events;
using Npgsql;

namespace CellValley.Grains.Plans;

/// <summary>
/// An action-plan item's quarterly progress reports. The API has already checked that the quarter belongs to the plan
/// and the caller's department leads the item; the grain keeps each report's cycle: submitted → returned → submitted
/// again … → accepted (then fixed). Its clock is the supervision clock, the day the lights and the 季报 are read against.
/// </summary>
public sealed class PlanItemGrain(
    [PersistentState(StateNames.PlanItem, StorageNames.Registry)] IPersistentState<PlanItemState> state,
    OutboxRelay relay,
    SupervisionClock supervision) : RegistryGrain<PlanItemState>(state, relay, supervision.Time, EntityType), IPlanItemGrain
{
    public const string EntityType = "plan-item";

    private (string Plan, int Item) Key
    {
        get
        {
            var parts = this.GetPrimaryKeyString().Split('/');
            return (parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    protected override string EntityId => PlanItemKey.EntityId(Key.Plan, Key.Item);

    public async Task<Outcome<PlanReportView>> SubmitAsync(string quarter, string department, PlanReportInput report, int? expectedVersion, Actor actor)
    {
        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<PlanReportView>.VersionMismatch(S.Version);
        }

        var errors = PlanReportRules.Validate(report);
        if (errors.Count > 0)
        {
            return Outcome<PlanReportView>.Invalid(errors, S.Version);
        }

        var existing = Find(quarter);
        if (existing?.State == PlanReportRules.Accepted)
        {
            return Outcome<PlanReportView>.Conflicting([FieldError.Of("quarter", Rule.ReportAccepted(quarter))], S.Version);
        }

        var before = existing is null ? null : Details(existing);
        var now = Clock.GetUtcNow();
        if (existing is null)
        {
            existing = new PlanReportState { Quarter = quarter, FirstSubmittedAt = now };
            S.Reports.Add(existing);
            S.Reports.Sort((a, b) => string.CompareOrdinal(a.Quarter, b.Quarter));
        }

        existing.Department = department;
        existing.Status = report.Status;
        existing.Reason = Blank(report.Reason);
        existing.Percent = report.Percent;
        existing.Milestone = Blank(report.Milestone);
        existing.Narrative = report.Narrative.Trim();
        existing.Evidence = report.Evidence.Select(e => e.Trim()).Distinct(StringComparer.Ordinal).ToList();
        existing.State = PlanReportRules.Submitted;
        existing.SubmittedBy = actor.Name;
        existing.SubmittedAt = now;
        existing.Submissions++;
        existing.ReviewedBy = null;
        existing.ReviewedAt = null;
        existing.ReviewComment = null;
        await Outbox.RecordAsync(new PlanReportSubmitted(quarter, before, Details(existing)), actor);
        return Outcome<PlanReportView>.Ok(View(existing), S.Version);
    }

    public Task<Outcome<PlanReportView>> ReturnAsync(string quarter, string comment, int? expectedVersion, Actor actor)
    {
        var errors = new FieldErrors();
        errors.Required("comment", comment, 1000);
        return errors.Any
            ? Task.FromResult(Outcome<PlanReportView>.Invalid(errors.ToList(), S.Version))
            : ReviewAsync(quarter, PlanReportRules.Returned, comment.Trim(), expectedVersion, actor, () => new PlanReportReturned(quarter, comment.Trim()));
    }

    public Task<Outcome<PlanReportView>> AcceptAsync(string quarter, string? comment, int? expectedVersion, Actor actor)
    {
        var errors = new FieldErrors();
        errors.MaxLength("comment", comment, 1000);
        return errors.Any
            ? Task.FromResult(Outcome<PlanReportView>.Invalid(errors.ToList(), S.Version))
            : ReviewAsync(quarter, PlanReportRules.Accepted, Blank(comment), expectedVersion, actor, () => new PlanReportAccepted(quarter, Blank(comment)));
    }

    public Task<PlanItemReports> GetAsync() => Task.FromResult(new PlanItemReports(S.Reports.Select(View).ToArray(), S.Version));

    private async Task<Outcome<PlanReportView>> ReviewAsync<TEvent>(
        string quarter, string state, string? comment, int? expectedVersion, Actor actor, Func<TEvent> fact) where TEvent : IRegistryEvent
    {
        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<PlanReportView>.VersionMismatch(S.Version);
        }

        var report = Find(quarter);
        if (report is null)
        {
            return Outcome<PlanReportView>.Conflicting([FieldError.Of("quarter", Rule.NoReport(quarter))], S.Version);
        }

        if (report.State != PlanReportRules.Submitted)
        {
            return Outcome<PlanReportView>.Conflicting([FieldError.Of("quarter", Rule.ReportNotSubmitted(quarter, report.State))], S.Version);
        }

        report.State = state;
        report.ReviewedBy = actor.Name;
        report.ReviewedAt = Clock.GetUtcNow();
        report.ReviewComment = comment;
        await Outbox.RecordAsync(fact(), actor);
        return Outcome<PlanReportView>.Ok(View(report), S.Version);
    }

    private PlanReportState? Find(string quarter) => S.Reports.FirstOrDefault(r => r.Quarter == quarter);

    private static PlanReportDetails Details(PlanReportState r) =>
        new(r.Department, r.Status, r.Reason, r.Percent, r.Milestone, r.Narrative, r.Evidence.ToArray());

    private static PlanReportView View(PlanReportState r) => new(
        r.Quarter, r.Department, new PlanReportInput(r.Status, r.Reason, r.Percent, r.Milestone, r.Narrative, r.Evidence.ToArray()), r.State,
        r.SubmittedBy, r.SubmittedAt, r.FirstSubmittedAt, r.Submissions, r.ReviewedBy, r.ReviewedAt, r.ReviewComment);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlanItemState current, IReadOnlyList<PendingEvent> events) =>
        PlanReportReadModel.ProjectAsync(connection, transaction, Key.Plan, Key.Item, current);
}

/// <summary>
/// The clock the action plan's supervision reads: when a report was submitted or reviewed, and what "today" is for
/// the lights and the reporting cycle. The system clock in service; tests set it to the day they play.
/// </summary>
public sealed class SupervisionClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
}
