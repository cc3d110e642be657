using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using CellValley.Grains.Common;
using CellValley.Grains.Plans;

namespace CellValley.Api.Plans;

public sealed record PlanTaskRequest([property: Required] int? Number, [property: Required] string? Title, string? Section);

/// <summary>A deadline: kind by (with its date), continuing (持续推动) or long-term (长期推动).</summary>
public sealed record PlanDeadlineRequest([property: Required] string? Kind, DateOnly? Date, string? Text);

/// <summary>An item: its number, task, wording, type (任务推动 / 工程项目 / 出台政策), deadline, lead department and cooperating ones, and optionally the registry indicator measuring it (a picture target id).</summary>
public sealed record PlanItemRequest(
    [property: Required] int? Number, [property: Required] int? Task, [property: Required] string? Title, [property: Required] string? Type,
    [property: Required] PlanDeadlineRequest? Deadline, [property: Required] string? Lead, IReadOnlyList<string>? Cooperating, string? Indicator);

/// <summary>
/// Body of POST /api/plans. Thresholds: yellowDaysBefore (default 30), reportDueDays after a quarter's end (default 10);
/// missing reports are flagged from the plan's first quarter.
/// </summary>
public sealed record PlanRequest(
    [property: Required] string? Id, [property: Required] string? Title, string? Source, [property: Required] DateOnly? PeriodFrom, [property: Required] DateOnly? PeriodTo,
    int? YellowDaysBefore, int? ReportDueDays, [property: Required] IReadOnlyList<PlanTaskRequest>? Tasks, [property: Required] IReadOnlyList<PlanItemRequest>? Items);

public static partial class PlanRequests
{
    public static readonly IReadOnlyList<string> Types = ["任务推动", "工程项目", "出台政策"];

    public static readonly IReadOnlyList<string> DeadlineKinds = [PlanDeadline.By, "continuing", "long-term"];

    [GeneratedRegex("^[a-z][a-z0-9-]{2,39}$")]
    private static partial Regex IdPattern();

    /// <summary>The plan the request describes, or the errors naming each field and rule.</summary>
    public static (Plan? Plan, IReadOnlyList<FieldError> Errors) ToPlan(PlanRequest request, IReadOnlyList<Department> departments, IReadOnlySet<string> indicators)
    {
        var errors = new FieldErrors();
        if (request.Id is null || !IdPattern().IsMatch(request.Id))
        {
            errors.Add("id", Rule.PlanId());
        }

        errors.Required("title", request.Title, 200);
        errors.MaxLength("source", request.Source, 1000);
        if (request.PeriodFrom is { } from && request.PeriodTo is { } to && to < from)
        {
            errors.Add("periodTo", Rule.AfterField("periodFrom"));
        }

        if (request.YellowDaysBefore is < 0 or > 365)
        {
            errors.Add("yellowDaysBefore", Rule.Between(0, 365));
        }

        if (request.ReportDueDays is < 0 or > 90)
        {
            errors.Add("reportDueDays", Rule.Between(0, 90));
        }

        var tasks = request.Tasks ?? [];
        var items = request.Items ?? [];
        if (tasks.Count is 0 or > 200)
        {
            errors.Add("tasks", Rule.Between(1, 200));
        }

        if (items.Count is 0 or > 500)
        {
            errors.Add("items", Rule.Between(1, 500));
        }

        var taskNumbers = new HashSet<int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i] is not { } task)
            {
                errors.Add($"tasks[{i}]", Rule.NotNull());
                continue;
            }
            if (task.Number is not > 0 || !taskNumbers.Add(task.Number.Value))
            {
                errors.Add($"tasks[{i}].number", task.Number is > 0 ? Rule.Duplicate(task.Number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Rule.Between(1, 1000));
            }

            errors.Required($"tasks[{i}].title", task.Title, 500);
            errors.MaxLength($"tasks[{i}].section", task.Section, 200);
        }

        var codes = departments.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var itemNumbers = new HashSet<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"items[{i}]";
            if (items[i] is not { } item)
            {
                errors.Add(at, Rule.NotNull());
                continue;
            }
            if (item.Number is not > 0 || !itemNumbers.Add(item.Number.Value))
            {
                errors.Add($"{at}.number", item.Number is > 0 ? Rule.Duplicate(item.Number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Rule.Between(1, 1000));
            }

            if (item.Task is not { } task || !taskNumbers.Contains(task))
            {
                errors.Add($"{at}.task", Rule.UnknownTask(item.Task ?? 0));
            }

            errors.Required($"{at}.title", item.Title, 1000);
            if (item.Type is null || !Types.Contains(item.Type))
            {
                errors.Add($"{at}.type", Rule.OneOf(string.Join(", ", Types)));
            }

            if (item.Deadline?.Kind is not { } kind || !DeadlineKinds.Contains(kind))
            {
                errors.Add($"{at}.deadline.kind", Rule.OneOf(string.Join(", ", DeadlineKinds)));
            }
            else if ((kind == PlanDeadline.By) != (item.Deadline.Date is not null))
            {
                errors.Add($"{at}.deadline.date", Rule.DeadlineDate());
            }

            errors.MaxLength($"{at}.deadline.text", item.Deadline?.Text, 50);
            if (item.Lead is null || !codes.Contains(item.Lead))
            {
                errors.Add($"{at}.lead", Rule.OneOf(string.Join(", ", codes)));
            }

            var cooperating = item.Cooperating ?? [];
            for (var c = 0; c < cooperating.Count; c++)
            {
                if (!codes.Contains(cooperating[c]))
                {
                    errors.Add($"{at}.cooperating[{c}]", Rule.OneOf(string.Join(", ", codes)));
                }
                else if (cooperating[c] == item.Lead || cooperating.Take(c).Contains(cooperating[c]))
                {
                    errors.Add($"{at}.cooperating[{c}]", Rule.Duplicate(cooperating[c]));
                }
            }

            if (item.Indicator is not null && !indicators.Contains(item.Indicator))
            {
                errors.Add($"{at}.indicator", Rule.OneOf(string.Join(", ", indicators.Order(StringComparer.Ordinal))));
            }
        }

        if (errors.Any)
        {
            return (null, errors.ToList());
        }

        string Name(string code) => departments.First(d => d.Code == code).Name;
        string DeadlineText(PlanDeadlineRequest d) => d.Text?.Trim() is { Length: > 0 } text ? text
            : d.Kind == PlanDeadline.By ? $"{d.Date!.Value.Year}年{d.Date.Value.Month}月{d.Date.Value.Day}日前" : d.Kind == "continuing" ? "持续推动" : "长期推动";
        var periodFrom = request.PeriodFrom!.Value;
        var plan = new Plan(
            request.Id!, request.Title!.Trim(), request.Source?.Trim() ?? "", periodFrom, request.PeriodTo!.Value,
            new LightThresholds(request.YellowDaysBefore ?? 30, request.ReportDueDays ?? 10, PlanQuarter.Of(periodFrom).ToString()),
            tasks.Select(t => t.Section?.Trim()).OfType<string>().Where(s => s.Length > 0).Distinct().ToArray(),
            tasks.OrderBy(t => t.Number).Select(t => new PlanTask(t.Number!.Value, t.Title!.Trim(), t.Section?.Trim() ?? "")).ToArray(),
            items.OrderBy(i => i.Number).Select(i => new PlanItem(
                i.Number!.Value, i.Task!.Value, i.Title!.Trim(), i.Type!, DeadlineText(i.Deadline!),
                new PlanDeadline(i.Deadline!.Kind!, i.Deadline.Date), string.Join("、", (i.Cooperating ?? []).Prepend(i.Lead!).Select(Name)),
                i.Lead!, i.Cooperating ?? [], i.Indicator)).ToArray());
        return (plan, []);
    }
}

public static class PlanExamples
{
    public const string Plan = """
        {
          "id": "cell-2022", "title": "2022年滨海新区细胞产业技术创新行动方案", "source": "区科技局印发",
          "periodFrom": "2022-01-01", "periodTo": "2022-12-31", "yellowDaysBefore": 30, "reportDueDays": 10,
          "tasks": [ { "number": 1, "title": "打造“细胞谷”专业化园区载体", "section": "一、工作目标" } ],
          "items": [
            { "number": 1, "task": 1, "title": "生物医药创新中心入驻率超过80%", "type": "工程项目",
              "deadline": { "kind": "by", "date": "2022-12-31", "text": "2022年12月底前" },
              "lead": "teda-zone", "cooperating": ["district-science"], "indicator": "innovation-center-occupancy" }
          ]
        }
        """;

    public const string Report = """
        { "status": "in-progress", "reason": null, "percent": 60, "milestone": "完成主体结构",
          "narrative": "本季度完成A座主体结构，已签约入驻企业3家。", "evidence": ["park:bio-innovation-center"] }
        """;

    public const string Review = """
        { "comment": "请补充入驻企业名单" }
        """;
}
