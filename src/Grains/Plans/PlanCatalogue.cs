using System.Text.Json;

namespace CellValley.Grains.Plans;

/// <summary>A department responsible for plan items; a collective one (各开发区…) includes the departments it stands for.</summary>
public sealed record Department(string Code, string Name, IReadOnlyList<string>? Includes = null);

/// <summary>An item's deadline: by a date, continuing (持续推动) or long-term (长期推动).</summary>
public sealed record PlanDeadline(string Kind, DateOnly? Date = null)
{
    public const string By = "by";
}

public sealed record PlanTask(int Number, string Title, string Section);

/// <summary>One item (事项) of a plan: its task, type, deadline, lead and cooperating departments, and the registry indicator that measures it.</summary>
public sealed record PlanItem(
    int Number, int Task, string Title, string Type, string DeadlineText, PlanDeadline Deadline, string DepartmentsText, string Lead,
    IReadOnlyList<string> Cooperating, string? Indicator = null);

/// <summary>
/// The supervision thresholds: an item turns yellow this many days before its deadline; a quarter's report is due this many days
/// after the quarter ends; from <see cref="TrackMissingReportsFrom"/> on (a quarter, e.g. 2022Q1) a report missing after its due day
/// turns the item red. A plan without it accepts reports but does not flag missing ones (the 2021 plan predates the registry).
/// </summary>
public sealed record LightThresholds(int YellowDaysBefore, int ReportDueDays = 10, string? TrackMissingReportsFrom = null);

/// <summary>An action plan as data: its period, sections, tasks and items (任务分解表).</summary>
public sealed record Plan(
    string Id, string Title, string Source, DateOnly PeriodFrom, DateOnly PeriodTo, LightThresholds Lights, IReadOnlyList<string> Sections,
    IReadOnlyList<PlanTask> Tasks, IReadOnlyList<PlanItem> Items);

/// <summary>
/// The action plans and the departments that carry them out, from data files transcribed from the policy
/// documents (plan-*.json, departments.json); a plan's item lights come from its deadlines and thresholds.
/// </summary>
public sealed class PlanCatalogue(IReadOnlyList<Plan> plans, IReadOnlyList<Department> departments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<Plan> Plans { get; } = plans;

    public IReadOnlyList<Department> Departments { get; } = departments;

    public Plan? Find(string id) => Plans.FirstOrDefault(p => p.Id == id);

    public Department? FindDepartment(string code) => Departments.FirstOrDefault(d => d.Code == code);

    private static readonly Lazy<PlanCatalogue> Embedded = new(LoadEmbedded);

    /// <summary>The departments of the embedded data file (a department account's scope is one of their codes).</summary>
    public static IReadOnlyList<Department> EmbeddedDepartments => Embedded.Value.Departments;

    /// <summary>The plans of the embedded data files, read once.</summary>
    public static IReadOnlyList<Plan> EmbeddedPlans => Embedded.Value.Plans;

    public static PlanCatalogue LoadEmbedded()
    {
        var assembly = typeof(PlanCatalogue).Assembly;
        var names = assembly.GetManifestResourceNames();
        T Read<T>(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"{name} is empty.");
        }

        var plans = names.Where(n => n.Contains(".Plans.plan-", StringComparison.Ordinal)).Select(Read<Plan>).OrderBy(p => p.PeriodFrom).ToArray();
        var departments = Read<DepartmentFile>(names.Single(n => n.EndsWith(".Plans.departments.json", StringComparison.Ordinal))).Departments;
        return new PlanCatalogue(plans, departments);
    }

    private sealed record DepartmentFile(IReadOnlyList<Department> Departments);
}

/// <summary>A quarter's report on an item as the lights weigh it.</summary>
public sealed record ReportFact(
    int Item, string Quarter, string Status, string? Reason, string State, DateTimeOffset FirstSubmittedAt, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt);

/// <summary>An item's light on a day and why: done, overdue, report-missing (with the quarter), delayed, due-soon, on-track.</summary>
public sealed record ItemLight(string Light, string Reason, string? Quarter = null);

/// <summary>
/// Supervision lights (红黄绿灯), from an item's deadline, its reports and its indicator, on a day: green once done (an accepted
/// report says 已完成, or the registry's indicator is met) and for items on track; red past the deadline, or when the last quarter whose
/// report is due has none (where the plan tracks missing reports); yellow when the latest report says 延期 or within the plan's threshold
/// before the deadline. A report counts from the day it was first submitted, an acceptance from the day it was given.
/// </summary>
public static class PlanLights
{
    public const string Green = "green";
    public const string Yellow = "yellow";
    public const string Red = "red";

    public static ItemLight For(Plan plan, PlanItem item, IEnumerable<ReportFact> reports, DateOnly day, bool indicatorMet)
    {
        var visible = reports.Where(r => r.Item == item.Number && Day(r.FirstSubmittedAt) <= day).OrderBy(r => r.Quarter, StringComparer.Ordinal).ToArray();
        if (indicatorMet || visible.Any(r => r.State == PlanReportRules.Accepted && r.Status == PlanReportRules.Done && r.ReviewedAt is { } at && Day(at) <= day))
        {
            return new(Green, "done");
        }

        var due = item.Deadline.Kind == PlanDeadline.By ? item.Deadline.Date : null;
        if (due is { } overdue && day > overdue)
        {
            return new(Red, "overdue");
        }

        if (DueQuarter(plan, day) is { } quarter && visible.All(r => r.Quarter != quarter.ToString()))
        {
            return new(Red, "report-missing", quarter.ToString());
        }

        if (visible.LastOrDefault() is { Status: PlanReportRules.Delayed } delayed)
        {
            return new(Yellow, "delayed", delayed.Quarter);
        }

        return due is { } date && date.DayNumber - day.DayNumber <= plan.Lights.YellowDaysBefore ? new(Yellow, "due-soon") : new(Green, "on-track");
    }

    /// <summary>The last quarter whose report is due by the day, where the plan tracks missing reports; null before the first is due.</summary>
    public static PlanQuarter? DueQuarter(Plan plan, DateOnly day)
    {
        if (!PlanQuarter.TryParse(plan.Lights.TrackMissingReportsFrom, out var first))
        {
            return null;
        }

        PlanQuarter? due = null;
        foreach (var quarter in PlanQuarter.Between(first.Start, plan.PeriodTo))
        {
            if (quarter.DueOn(plan.Lights.ReportDueDays) > day)
            {
                break;
            }

            due = quarter;
        }

        return due;
    }

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
