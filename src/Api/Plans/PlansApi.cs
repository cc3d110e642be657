using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.Picture;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Picture;
using CellValley.Grains.Plans;
using CellValley.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Plans;

public sealed record DepartmentRefDto(string Code, string Name);

/// <summary>A registry figure measuring an item: the action-plan target it is (its id and wording), its value on the day asked, and whether it is met.</summary>
public sealed record IndicatorDto(string Id, string Text, decimal? Value, bool Met);

/// <summary>
/// One item (事项): its deadline (due is null for 持续推动 / 长期推动), lead and cooperating departments, its light on the day
/// asked (green / yellow / red) and, when the registry measures it, its indicator.
/// </summary>
public sealed record PlanItemDto(
    int Number, string Title, string Type, string DeadlineText, DateOnly? Due, DepartmentRefDto Lead, IReadOnlyList<DepartmentRefDto> Cooperating,
    string DepartmentsText, string Light, IndicatorDto? Indicator, string LightReason, string? LightQuarter, LatestReportDto? LatestReport);

/// <summary>The latest report on an item visible on the day asked: its quarter, status, percent and review state.</summary>
public sealed record LatestReportDto(string Quarter, string Status, int? Percent, string? Milestone, string State, string Narrative);

public sealed record PlanTaskDto(int Number, string Title, string Section, IReadOnlyList<PlanItemDto> Items);

public sealed record LightCountsDto(int Green, int Yellow, int Red);

/// <summary>A department's standing in a plan on a day: the items it leads, by light; the ranking puts most red, then most yellow, first.</summary>
public sealed record DepartmentStandingDto(DepartmentRefDto Department, int Leads, int Cooperates, LightCountsDto Lights);

/// <summary>
/// An action plan's task breakdown (任务分解表) on a day: every task and item with its light, the lights counted, and the
/// departments ranked by the lights of the items they lead.
/// </summary>
public sealed record PlanDto(
    string Id, string Title, string Source, DateOnly PeriodFrom, DateOnly PeriodTo, DateOnly AsOf, int YellowDaysBefore, int ReportDueDays,
    string? TrackMissingReportsFrom, LightCountsDto Lights,
    IReadOnlyList<string> Sections, IReadOnlyList<PlanTaskDto> Tasks, IReadOnlyList<DepartmentStandingDto> Departments);

/// <summary>One item as a row of the task breakdown on a day (the plan's file): task, item, deadline, departments, light, indicator.</summary>
public sealed record PlanItemRow(
    int Task, string TaskTitle, string Type, int Number, string Title, string DeadlineText, DateOnly? Due, string Lead, string Cooperating,
    string Light, string LightReason, decimal? IndicatorValue, bool? IndicatorMet, string? LatestQuarter, string? LatestStatus, int? LatestPercent);

public sealed record PlanSummaryDto(string Id, string Title, DateOnly PeriodFrom, DateOnly PeriodTo, int Tasks, int Items);

/// <summary>A department and the items it leads or cooperates on, across plans.</summary>
public sealed record DepartmentDto(string Code, string Name, IReadOnlyList<string> Includes, int Leads, int Cooperates);

/// <summary>The action plans as work: their task breakdown with supervision lights and live indicators, and the departments.</summary>
public static class PlansApi
{
    public static void MapPlansApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Plans").RequireAuthorization().OpenToDepartments();
        group.MapGet("/plans", ListAsync).WithName("ListPlans").WithSummary("The action plans: period, tasks and items");
        group.MapPost("/plans", CreateAsync).WithRequestExample(PlanExamples.Plan).WithName("CreatePlan")
            .WithSummary("Create a plan (the next year's): its period, thresholds, tasks and items with deadlines, lead and cooperating departments (staff)");
        group.MapGet("/plans/{id}", GetAsync).WithName("GetPlan")
            .WithSummary("A plan's task breakdown (任务分解表) on a day (?asOf=, default today): each item's deadline, lead and cooperating departments, "
                + "light (green; yellow within the plan's threshold before its deadline; red past it) and live indicator");
        group.MapGet("/plans/{id}/items", ItemsAsync).Exportable().WithName("ListPlanItems")
            .WithSummary("The task breakdown on a day as one row per item (?format=xlsx or csv for the file leadership files)");
        group.MapPlanReports();
        group.MapGet("/departments", DepartmentsAsync).WithName("ListDepartments").WithSummary("The departments responsible for plan items, with how many they lead and cooperate on (in every plan, or ?plan=)");
    }

    public static async Task<Results<Ok<IReadOnlyList<PlanSummaryDto>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, PlanDirectory plans) =>
        !user.CanReadPlans() ? Problems.Forbidden(Messages.ForbiddenPlans)
            : TypedResults.Ok<IReadOnlyList<PlanSummaryDto>>((await plans.ListAsync()).Select(p => new PlanSummaryDto(p.Id, p.Title, p.PeriodFrom, p.PeriodTo, p.Tasks.Count, p.Items.Count)).ToArray());

    public static async Task<Results<Created<PlanSummaryDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        PlanRequest request, ClaimsPrincipal user, PlanDirectory plans, PictureCatalogue targets)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenPlanWrites);
        }

        var (plan, errors) = PlanRequests.ToPlan(request, plans.Embedded.Departments, targets.Plans.SelectMany(p => p.Targets).Select(t => t.Id).ToHashSet(StringComparer.Ordinal));
        if (plan is null)
        {
            return Problems.Invalid(errors);
        }

        if (!await plans.CreateAsync(plan, user.ToActor().Name))
        {
            return Problems.InvalidProblem("id", Rule.PlanExists(plan.Id));
        }

        return TypedResults.Created($"/api/plans/{plan.Id}", new PlanSummaryDto(plan.Id, plan.Title, plan.PeriodFrom, plan.PeriodTo, plan.Tasks.Count, plan.Items.Count));
    }

    public static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> GetAsync(
        string id, DateOnly? asOf, ClaimsPrincipal user, PlanDirectory plans, PictureService pictures, SupervisionClock clock)
    {
        if (!user.CanReadPlans())
        {
            return Problems.Forbidden(Messages.ForbiddenPlans);
        }

        if (await plans.FindAsync(id) is not { } plan)
        {
            return Problems.NotFound(new Text(Messages.NotFoundPlan, id));
        }

        var today = clock.Today;
        if (asOf > today)
        {
            return Problems.InvalidProblem("asOf", Rule.NotInFuture(today));
        }

        var day = asOf ?? today;
        var items = await PlanView.ItemsAsync(plan, day, await plans.ReportsAsync(plan.Id), pictures, plans.Embedded);
        var tasks = plan.Tasks.Select(t => new PlanTaskDto(t.Number, t.Title, t.Section, items.Where(i => i.Task == t.Number).Select(i => i.Dto).ToArray())).ToArray();
        var all = items.Select(i => i.Dto).ToArray();
        var standings = all.SelectMany(i => i.Cooperating.Prepend(i.Lead)).DistinctBy(d => d.Code)
            .Select(d =>
            {
                var led = all.Where(i => i.Lead.Code == d.Code).ToArray();
                return new DepartmentStandingDto(d, led.Length, all.Count(i => i.Cooperating.Any(c => c.Code == d.Code)), PlanView.Count(led));
            })
            .OrderByDescending(s => s.Lights.Red).ThenByDescending(s => s.Lights.Yellow).ThenByDescending(s => s.Leads).ThenBy(s => s.Department.Code, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(new PlanDto(plan.Id, plan.Title, plan.Source, plan.PeriodFrom, plan.PeriodTo, day, plan.Lights.YellowDaysBefore,
            plan.Lights.ReportDueDays, plan.Lights.TrackMissingReportsFrom, PlanView.Count(all), plan.Sections, tasks, standings));
    }

    public static async Task<Results<Ok<IReadOnlyList<PlanItemRow>>, ProblemHttpResult>> ItemsAsync(
        string id, DateOnly? asOf, ClaimsPrincipal user, PlanDirectory plans, PictureService pictures, SupervisionClock clock)
    {
        var answer = await GetAsync(id, asOf, user, plans, pictures, clock);
        if (answer.Result is not Ok<PlanDto> { Value: { } plan })
        {
            return (ProblemHttpResult)answer.Result;
        }

        return TypedResults.Ok<IReadOnlyList<PlanItemRow>>(plan.Tasks.SelectMany(t => t.Items.Select(i => new PlanItemRow(
            t.Number, t.Title, i.Type, i.Number, i.Title, i.DeadlineText, i.Due, i.Lead.Name, string.Join("、", i.Cooperating.Select(c => c.Name)),
            i.Light, i.LightReason, i.Indicator?.Value, i.Indicator?.Met, i.LatestReport?.Quarter, i.LatestReport?.Status, i.LatestReport?.Percent))).ToArray());
    }

    public static async Task<Results<Ok<IReadOnlyList<DepartmentDto>>, ProblemHttpResult>> DepartmentsAsync(string? plan, ClaimsPrincipal user, PlanDirectory plans)
    {
        if (!user.CanReadPlans())
        {
            return Problems.Forbidden(Messages.ForbiddenPlans);
        }

        var of = plan is null ? await plans.ListAsync() : await plans.FindAsync(plan) is { } one ? [one] : null;
        if (of is null)
        {
            return Problems.NotFound(new Text(Messages.NotFoundPlan, plan));
        }

        var items = of.SelectMany(p => p.Items).ToArray();
        return TypedResults.Ok<IReadOnlyList<DepartmentDto>>(plans.Embedded.Departments
            .Select(d => new DepartmentDto(d.Code, d.Name, d.Includes ?? [], items.Count(i => i.Lead == d.Code), items.Count(i => i.Cooperating.Contains(d.Code))))
            .ToArray());
    }
}
