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

/// <summary>When an item's light turns yellow before its deadline.</summary>
public sealed record LightThresholds(int YellowDaysBefore);

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

/// <summary>Supervision lights (红黄绿灯): an item due by a date is yellow within the plan's threshold before it and red once past it unless done; continuing and long-term items are green.</summary>
public static class PlanLights
{
    public const string Green = "green";
    public const string Yellow = "yellow";
    public const string Red = "red";

    public static string For(PlanItem item, LightThresholds thresholds, DateOnly asOf, bool done)
    {
        if (done || item.Deadline.Kind != PlanDeadline.By || item.Deadline.Date is not { } due)
        {
            return Green;
        }

        return asOf > due ? Red : due.DayNumber - asOf.DayNumber <= thresholds.YellowDaysBefore ? Yellow : Green;
    }
}
