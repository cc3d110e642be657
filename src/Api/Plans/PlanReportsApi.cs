using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Picture;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Plans;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Plans;

/// <summary>
/// Body of PUT …/reports/{quarter}: status (not-started 未开始, in-progress 进行中, done 已完成, delayed 延期 — with a reason),
/// percent (0-100) or a milestone reached, the narrative, and evidence: registry records as kind:id (enterprise, product, lease,
/// park, platform, institution, lead).
/// </summary>
public sealed record PlanReportRequest([property: Required] string? Status, string? Reason, int? Percent, string? Milestone, [property: Required] string? Narrative, IReadOnlyList<string>? Evidence);

/// <summary>Body of …/return (comment required: what to correct) and …/accept (comment optional).</summary>
public sealed record PlanReviewRequest(string? Comment);

/// <summary>A quarter's report on an item: what the department reported, when and by whom, and its review (submitted, returned, accepted).</summary>
public sealed record PlanReportDto(
    string Quarter, string QuarterLabel, DepartmentRefDto Department, string Status, string? Reason, int? Percent, string? Milestone, string Narrative,
    IReadOnlyList<string> Evidence, string State, string SubmittedBy, DateTimeOffset SubmittedAt, DateTimeOffset FirstSubmittedAt, int Submissions,
    DateOnly DueOn, bool Late, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment);

/// <summary>The indicator's value at a quarter's end.</summary>
public sealed record IndicatorPointDto(string Quarter, DateOnly AsOf, decimal? Value, bool Met);

/// <summary>An item's page: the item on the day (light, indicator), every quarter's report, and the indicator at each quarter end of the plan.</summary>
public sealed record PlanItemPageDto(
    string PlanId, string PlanTitle, int Task, string TaskTitle, PlanItemDto Item, IReadOnlyList<string> Quarters, IReadOnlyList<PlanReportDto> Reports,
    IReadOnlyList<IndicatorPointDto> IndicatorSeries, int Version, bool CanReport);

/// <summary>One item in a quarter's reporting cycle: whether a report is required, its state (missing when none), when it is due, and whether it came (or is) late.</summary>
public sealed record QuarterItemDto(
    int Task, int Number, string Title, DepartmentRefDto Lead, bool Required, string State, string? Status, int? Percent, DateOnly DueOn, bool Late,
    DateTimeOffset? SubmittedAt, string Light, string LightReason);

/// <summary>A department's part of a quarter's reporting cycle: reports required, submitted, returned, accepted, missing, and late.</summary>
public sealed record QuarterDepartmentDto(DepartmentRefDto Department, int Required, int Submitted, int Returned, int Accepted, int Missing, int Late);

/// <summary>A quarter's reporting cycle on a day: every item (a department sees the items it leads) and the departments' standing; late reports first.</summary>
public sealed record PlanQuarterDto(
    string PlanId, string PlanTitle, string Quarter, string QuarterLabel, DateOnly DueOn, DateOnly AsOf, IReadOnlyList<QuarterItemDto> Items,
    IReadOnlyList<QuarterDepartmentDto> Departments);

public static class PlanReportsApi
{
    /// <summary>The registry records a report may name as evidence.</summary>
    public static readonly string[] EvidenceKinds = ["enterprise", "product", "lease", "park", "platform", "institution", "lead"];

    public static void MapPlanReports(this RouteGroupBuilder group)
    {
        group.MapGet("/plans/{id}/items/{number:int}", GetItemAsync).WithName("GetPlanItem")
            .WithSummary("An item's page (?asOf=): its light and indicator, every quarter's report with its review, the indicator at each quarter end; ETag for reporting");
        group.MapGet("/plans/{id}/items/{number:int}/history", HistoryAsync).WithName("GetPlanItemHistory")
            .WithSummary("Every report submitted, returned and accepted on the item: who, when, from → to");
        group.MapPut("/plans/{id}/items/{number:int}/reports/{quarter}", SubmitAsync).RequiresIfMatch().WithRequestExample(PlanExamples.Report)
            .WithName("SubmitPlanReport").WithSummary("The lead department submits (or, once returned, resubmits) the item's report for a quarter; requires If-Match");
        group.MapPost("/plans/{id}/items/{number:int}/reports/{quarter}/return", ReturnAsync).RequiresIfMatch().WithRequestExample(PlanExamples.Review)
            .WithName("ReturnPlanReport").WithSummary("Staff return a submitted report to the department with a comment; requires If-Match");
        group.MapPost("/plans/{id}/items/{number:int}/reports/{quarter}/accept", AcceptAsync).RequiresIfMatch().WithRequestExample(PlanExamples.Review)
            .WithName("AcceptPlanReport").WithSummary("Staff accept a submitted report (comment optional); requires If-Match");
        group.MapGet("/plans/{id}/quarters/{quarter}", QuarterAsync).WithName("GetPlanQuarter")
            .WithSummary("A quarter's reporting cycle (?asOf=): each item's report state, due day and lateness, and each department's standing (a department sees its own items: its inbox)");
        group.MapPlanQuarterly();
    }

    public static async Task<Results<Ok<PlanItemPageDto>, ProblemHttpResult>> GetItemAsync(
        string id, int number, DateOnly? asOf, ClaimsPrincipal user, PlanDirectory plans, PictureService pictures, SupervisionClock clock, IGrainFactory grains, HttpContext http)
    {
        if (!user.CanReadPlans())
        {
            return Problems.Forbidden(Messages.ForbiddenPlans);
        }

        var found = await FindAsync(plans, id, number);
        if (found.Problem is { } missing)
        {
            return missing;
        }

        var plan = found.Plan!;
        var item = found.Item!;

        var today = clock.Today;
        if (asOf > today)
        {
            return Problems.InvalidProblem("asOf", Rule.NotInFuture(today));
        }

        var day = asOf ?? today;
        var reports = (await plans.ReportsAsync(plan.Id)).Where(r => r.Item == number).ToArray();
        var dto = (await PlanView.ItemsAsync(plan with { Items = [item] }, day, reports, pictures, plans.Embedded)).Single().Dto;
        var quarters = PlanQuarter.Between(plan.PeriodFrom, plan.PeriodTo).ToArray();
        var series = new List<IndicatorPointDto>();
        if (item.Indicator is { } indicator)
        {
            foreach (var quarter in quarters.Where(q => q.End <= today))
            {
                var target = (await pictures.GetAsync(quarter.End, null, null, null)).Targets.FirstOrDefault(t => t.Id == indicator);
                series.Add(new IndicatorPointDto(quarter.ToString(), quarter.End, target?.Value, target?.Met == true));
            }

            if (quarters.Length == 0 || quarters[^1].End > today)
            {
                var target = (await pictures.GetAsync(today, null, null, null)).Targets.FirstOrDefault(t => t.Id == indicator);
                series.Add(new IndicatorPointDto(PlanQuarter.Of(today).ToString(), today, target?.Value, target?.Met == true));
            }
        }

        var version = (await grains.Ref<IPlanItemGrain>(PlanItemKey.For(plan.Id, number)).GetAsync()).Version;
        http.Response.Headers.ETag = ETags.Format(version);
        var task = plan.Tasks.First(t => t.Number == item.Task);
        return TypedResults.Ok(new PlanItemPageDto(plan.Id, plan.Title, task.Number, task.Title, dto, quarters.Select(q => q.ToString()).ToArray(),
            reports.Select(r => ToDto(plan, r, plans.Embedded)).ToArray(), series, version, user.DepartmentOf() == item.Lead));
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int number, int? after, int? limit, ClaimsPrincipal user, PlanDirectory plans, EventStore events)
    {
        if (!user.CanReadPlans())
        {
            return Problems.Forbidden(Messages.ForbiddenPlans);
        }

        var found = await FindAsync(plans, id, number);
        if (found.Problem is { } missing)
        {
            return missing;
        }

        var plan = found.Plan!;

        return await History.ReadAsync(events, PlanItemGrain.EntityType, PlanItemKey.EntityId(plan.Id, number), after, limit,
            () => Task.FromResult(true), new Text(Messages.NotFoundPlanItem, id, number));
    }

    public static async Task<Results<Ok<PlanReportDto>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string id, int number, string quarter, PlanReportRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, PlanDirectory plans, SupervisionClock clock, IGrainFactory grains, NpgsqlDataSource dataSource, HttpContext http)
    {
        if (user.DepartmentOf() is not { } department)
        {
            return Problems.Forbidden(Messages.ForbiddenPlanReport, "—");
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        var found = await FindAsync(plans, id, number);
        if (found.Problem is { } missing)
        {
            return missing;
        }

        var plan = found.Plan!;
        var item = found.Item!;

        if (item.Lead != department)
        {
            return Problems.Forbidden(Messages.ForbiddenPlanReport, plans.Embedded.FindDepartment(item.Lead)?.Name ?? item.Lead);
        }

        var errors = new FieldErrors();
        var q = CheckQuarter(plan, quarter, "quarter", errors);
        if (q is { } parsed && parsed.Start > clock.Today)
        {
            errors.Add("quarter", Rule.QuarterNotStarted(parsed.ToString()));
        }

        var evidence = request.Evidence ?? [];
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            for (var i = 0; i < evidence.Count; i++)
            {
                if (!RegistryRecords.TryParse(evidence[i], EvidenceKinds, out var kind, out var reference))
                {
                    errors.Add($"evidence[{i}]", Rule.EvidenceKind(string.Join(", ", EvidenceKinds)));
                }
                else if (await RegistryRecords.FindAsync(connection, kind, reference) is null)
                {
                    errors.Add($"evidence[{i}]", Rule.EvidenceUnknown(evidence[i]));
                }
            }
        }

        var input = new PlanReportInput(request.Status ?? "", request.Reason, request.Percent, request.Milestone, request.Narrative ?? "", evidence);
        foreach (var error in PlanReportRules.Validate(input))
        {
            errors.Add(error);
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var outcome = await grains.Ref<IPlanItemGrain>(PlanItemKey.For(plan.Id, number)).SubmitAsync(q!.Value.ToString(), department, input, expected, user.ToActor());
        return Answer(outcome, plan, plans, http, id, number);
    }

    public static Task<Results<Ok<PlanReportDto>, ValidationProblem, ProblemHttpResult>> ReturnAsync(
        string id, int number, string quarter, PlanReviewRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, PlanDirectory plans, IGrainFactory grains, HttpContext http) =>
        ReviewAsync(id, number, quarter, ifMatch, user, plans, grains, http, (grain, q, expected) => grain.ReturnAsync(q, request.Comment ?? "", expected, user.ToActor()));

    public static Task<Results<Ok<PlanReportDto>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        string id, int number, string quarter, PlanReviewRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, PlanDirectory plans, IGrainFactory grains, HttpContext http) =>
        ReviewAsync(id, number, quarter, ifMatch, user, plans, grains, http, (grain, q, expected) => grain.AcceptAsync(q, request.Comment, expected, user.ToActor()));

    private static async Task<Results<Ok<PlanReportDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        string id, int number, string quarter, string? ifMatch, ClaimsPrincipal user, PlanDirectory plans, IGrainFactory grains, HttpContext http,
        Func<IPlanItemGrain, string, int?, Task<Outcome<PlanReportView>>> review)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenPlanReview);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        var found = await FindAsync(plans, id, number);
        if (found.Problem is { } missing)
        {
            return missing;
        }

        var plan = found.Plan!;

        var errors = new FieldErrors();
        var q = CheckQuarter(plan, quarter, "quarter", errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var outcome = await review(grains.Ref<IPlanItemGrain>(PlanItemKey.For(plan.Id, number)), q!.Value.ToString(), expected);
        return Answer(outcome, plan, plans, http, id, number);
    }

    public static async Task<Results<Ok<PlanQuarterDto>, ValidationProblem, ProblemHttpResult>> QuarterAsync(
        string id, string quarter, DateOnly? asOf, ClaimsPrincipal user, PlanDirectory plans, PictureService pictures, SupervisionClock clock)
    {
        if (!user.CanReadPlans())
        {
            return Problems.Forbidden(Messages.ForbiddenPlans);
        }

        if (await plans.FindAsync(id) is not { } plan)
        {
            return Problems.NotFound(new Text(Messages.NotFoundPlan, id));
        }

        var errors = new FieldErrors();
        var q = CheckQuarter(plan, quarter, "quarter", errors);
        var today = clock.Today;
        if (asOf > today)
        {
            errors.Add("asOf", Rule.NotInFuture(today));
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var day = asOf ?? today;
        var reports = await plans.ReportsAsync(plan.Id);
        var lights = (await PlanView.ItemsAsync(plan, day, reports, pictures, plans.Embedded)).ToDictionary(i => i.Dto.Number, i => i.Dto);
        var cycle = QuarterCycle.Build(plan, q!.Value, day, reports, lights, plans.Embedded, user.DepartmentOf());
        return TypedResults.Ok(cycle);
    }

    /// <summary>The quarter parsed and checked to be one of the plan's; null with the error added otherwise.</summary>
    public static PlanQuarter? CheckQuarter(Plan plan, string? text, string field, FieldErrors errors)
    {
        if (!PlanQuarter.TryParse(text, out var quarter))
        {
            errors.Add(field, Rule.QuarterFormat());
            return null;
        }

        var first = PlanQuarter.Of(plan.PeriodFrom);
        var last = PlanQuarter.Of(plan.PeriodTo);
        if (quarter < first || quarter > last)
        {
            errors.Add(field, Rule.QuarterOutsidePlan(first.ToString(), last.ToString()));
            return null;
        }

        return quarter;
    }

    private static async Task<(Plan? Plan, PlanItem? Item, ProblemHttpResult? Problem)> FindAsync(PlanDirectory plans, string id, int number)
    {
        if (await plans.FindAsync(id) is not { } plan)
        {
            return (null, null, Problems.NotFound(new Text(Messages.NotFoundPlan, id)));
        }

        return plan.Items.FirstOrDefault(i => i.Number == number) is { } item
            ? (plan, item, null)
            : (plan, null, Problems.NotFound(new Text(Messages.NotFoundPlanItem, id, number)));
    }

    private static Results<Ok<PlanReportDto>, ValidationProblem, ProblemHttpResult> Answer(
        Outcome<PlanReportView> outcome, Plan plan, PlanDirectory plans, HttpContext http, string id, int number)
    {
        if (outcome.Kind != OutcomeKind.Ok)
        {
            return Answers.Problem(outcome, new Text(Messages.NotFoundPlanItem, id, number));
        }

        http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
        var r = outcome.Value!;
        return TypedResults.Ok(ToDto(plan, new PlanReportRow
        {
            Item = number, Quarter = r.Quarter, Department = r.Department, Status = r.Report.Status, Reason = r.Report.Reason, Percent = r.Report.Percent,
            Milestone = r.Report.Milestone, Narrative = r.Report.Narrative, EvidenceJson = System.Text.Json.JsonSerializer.Serialize(r.Report.Evidence), State = r.State,
            SubmittedBy = r.SubmittedBy, SubmittedAt = r.SubmittedAt, FirstSubmittedAt = r.FirstSubmittedAt, Submissions = r.Submissions,
            ReviewedBy = r.ReviewedBy, ReviewedAt = r.ReviewedAt, ReviewComment = r.ReviewComment,
        }, plans.Embedded));
    }

    public static PlanReportDto ToDto(Plan plan, PlanReportRow r, PlanCatalogue departments)
    {
        PlanQuarter.TryParse(r.Quarter, out var quarter);
        var due = quarter.DueOn(plan.Lights.ReportDueDays);
        return new PlanReportDto(r.Quarter, quarter.Label, PlanView.Ref(departments, r.Department), r.Status, r.Reason, r.Percent, r.Milestone, r.Narrative,
            r.Evidence, r.State, r.SubmittedBy, r.SubmittedAt, r.FirstSubmittedAt, r.Submissions, due, PlanLights.Day(r.FirstSubmittedAt) > due,
            r.ReviewedBy, r.ReviewedAt, r.ReviewComment);
    }
}
