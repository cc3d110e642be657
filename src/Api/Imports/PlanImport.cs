using System.Globalization;
using System.Text.RegularExpressions;
using CellValley.Api.Plans;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Picture;
using CellValley.Grains.Plans;

namespace CellValley.Api.Imports;

/// <summary>
/// A new plan's task breakdown (任务分解表) from a workbook: one row per item, the rows with the same 方案编号 one plan,
/// checked as a whole by the same rules as POST /api/plans and created at once. A plan is created, never updated; a revert
/// removes it while no department has reported on it.
/// </summary>
public sealed partial class PlanImport(PlanDirectory plans, PictureCatalogue picture) : ImportKind
{
    public override string Kind => "plans";

    public override string Title => "任务分解表";

    public override bool Revertible => true;

    // Each plan is written once, by its first row; its other rows follow it.
    public override int Parallelism => 1;

    public override string MatchNote => "同一方案编号的各行组成一个行动方案，整体检查、一次创建；方案编号已存在的不再导入。牵头部门、配合部门写部门名称（多个配合部门用顿号分隔）。"
        + "完成时限写“2022年12月底前”“2022年6月30日前”“持续推动”“长期推动”或日期。";

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new("方案编号", true, "小写字母、数字和连字符", SampleMark + "cell-2022"),
        new("方案名称", true, "", "2022年滨海新区细胞产业技术创新行动方案"),
        new("起始日期", true, "", "2022-01-01"),
        new("截止日期", true, "", "2022-12-31"),
        new("任务序号", true, "", "1"),
        new("标题", true, "任务的标题", "打造“细胞谷”专业化园区载体"),
        new("所属部分", false, "", "一、工作目标"),
        new("任务类型", true, "", "工程项目", "任务类型"),
        new("事项序号", true, "", "1"),
        new("具体落实事项", true, "", "生物医药创新中心入驻率超过80%"),
        new("完成时限", true, "", "2022年12月底前", "完成时限"),
        new("牵头部门", true, "", "经开区科技部门和生物医药部门", "责任部门"),
        new("配合部门", false, "多个用顿号分隔", "区科技局"),
        new("系统指标", false, "由登记系统计量的目标（可不填）", "生物医药创新中心入驻率80%以上", "系统指标"),
    ];

    private IEnumerable<PlanTarget> Targets => picture.Plans.SelectMany(p => p.Targets).DistinctBy(t => t.Id);

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("任务类型", PlanRequests.Types),
        new("完成时限", ["持续推动", "长期推动"]),
        new("责任部门", plans.Embedded.Departments.Select(d => d.Name).ToArray()),
        new("系统指标", Targets.Select(t => t.Text).ToArray()),
    ]);

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        var existing = (await plans.ListAsync()).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var rows = sheet.Rows.ToArray();
        var planned = new PlannedRow?[rows.Length];
        var groups = new Dictionary<string, List<(int Index, RowCells Row, PlanItemRequest Item, PlanTaskRequest Task)>>(StringComparer.Ordinal);
        var heads = new Dictionary<string, (string Title, DateOnly From, DateOnly To)>(StringComparer.Ordinal);
        var withErrors = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row.IsSample)
            {
                planned[i] = row.Refuse(null, "方案编号", "这是模板的示例行，请删除后再导入");
                continue;
            }

            var id = row.Required("方案编号")?.Trim();
            var title = row.Required("方案名称");
            var from = row.Date("起始日期");
            var to = row.Date("截止日期");
            var taskNumber = row.Whole("任务序号");
            var taskTitle = row.Required("标题");
            var type = row.Required("任务类型");
            var number = row.Whole("事项序号");
            var itemTitle = row.Required("具体落实事项");
            var deadlineText = row.Required("完成时限");
            var lead = row.Required("牵头部门");
            if (from is null && row.Text("起始日期") is null)
            {
                row.Problem("起始日期", "必填");
            }

            if (to is null && row.Text("截止日期") is null)
            {
                row.Problem("截止日期", "必填");
            }

            if (taskNumber is null && row.Text("任务序号") is null)
            {
                row.Problem("任务序号", "必填");
            }

            if (number is null && row.Text("事项序号") is null)
            {
                row.Problem("事项序号", "必填");
            }

            var deadline = deadlineText is null ? null : Deadline(deadlineText);
            if (deadlineText is not null && deadline is null)
            {
                row.Problem("完成时限", "应写“2022年12月底前”“2022年6月30日前”“持续推动”“长期推动”或日期");
            }

            var leadCode = lead is null ? null : DepartmentCode(lead);
            if (lead is not null && leadCode is null)
            {
                row.Problem("牵头部门", $"不是已登记的责任部门：{lead}");
            }

            var cooperating = new List<string>();
            foreach (var name in Cells.List(row.Text("配合部门") ?? ""))
            {
                if (DepartmentCode(name) is { } code)
                {
                    cooperating.Add(code);
                }
                else
                {
                    row.Problem("配合部门", $"不是已登记的责任部门：{name}");
                }
            }

            string? indicator = null;
            if (row.Text("系统指标") is { } target)
            {
                indicator = Targets.FirstOrDefault(t => t.Id == target.Trim() || Cells.Code(t.Text) == Cells.Code(target))?.Id;
                if (indicator is null)
                {
                    row.Problem("系统指标", $"不是登记系统计量的目标：{target}");
                }
            }

            if (id is not null && existing.Contains(id))
            {
                row.Problem("方案编号", "该行动方案已存在（方案只新建、不更新）");
            }

            if (id is not null && title is not null && from is { } f && to is { } t)
            {
                if (heads.TryGetValue(id, out var head) && (head.Title != title || head.From != f || head.To != t))
                {
                    row.Problem("方案名称", "同一方案编号的各行，方案名称和起止日期应一致");
                }

                heads.TryAdd(id, (title, f, t));
            }

            if (row.Refused || id is null)
            {
                if (id is not null)
                {
                    withErrors.Add(id);
                }

                planned[i] = new PlannedRow(row.Refusal(id));
                continue;
            }

            if (!groups.TryGetValue(id, out var group))
            {
                groups[id] = group = [];
            }

            group.Add((i, row, new PlanItemRequest(number, taskNumber, itemTitle, type, deadline! with { Text = deadlineText }, leadCode, cooperating, indicator),
                new PlanTaskRequest(taskNumber, taskTitle, row.Text("所属部分"))));
        }

        var targetIds = Targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, group) in groups)
        {
            var head = heads[id];
            var tasks = group.Select(g => g.Task).GroupBy(t => t.Number).Select(g => g.First()).ToArray();
            var request = new PlanRequest(id, head.Title, "表格导入", head.From, head.To, null, null, tasks, group.Select(g => g.Item).ToArray());
            var (plan, errors) = PlanRequests.ToPlan(request, plans.Embedded.Departments, targetIds);
            foreach (var error in errors)
            {
                var match = ItemField().Match(error.Field);
                var at = match.Success ? [group[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)].Row] : group.Select(g => g.Row).ToArray();
                foreach (var row in at)
                {
                    row.Problem(Column(error.Field), Messages.Rule(error));
                }
            }

            // Tasks named twice with different titles.
            foreach (var (index, row, _, task) in group)
            {
                if (tasks.First(t => t.Number == task.Number).Title != task.Title)
                {
                    row.Problem("标题", $"任务 {task.Number} 的标题与前面的行不一致");
                }
            }

            var refused = plan is null || withErrors.Contains(id) || group.Any(g => g.Row.Refused);
            Lazy<Task<bool>> creation = new(() => plans.CreateAsync(plan!, "import"));
            var first = true;
            foreach (var (index, row, item, _) in group)
            {
                if (refused)
                {
                    if (!row.Refused)
                    {
                        row.Problem("方案编号", "同一方案的其他行有错误，整个方案未导入");
                    }

                    planned[index] = new PlannedRow(row.Refusal($"{id} 事项 {item.Number}"));
                    continue;
                }

                var created = new ImportRowDto(row.Number, $"{id} 事项 {item.Number}", "created", [], []);
                var creates = first;
                first = false;
                planned[index] = new PlannedRow(created, async _ =>
                {
                    if (!await creation.Value)
                    {
                        return new AppliedRow(created with { Outcome = "refused", Problems = [new("方案编号", "检查后该行动方案已由他人创建，本方案未导入")] });
                    }

                    return creates ? new AppliedRow(created, new CreatedRecord(id, 1, head.Title)) : new AppliedRow(created);
                }) { Order = id };
            }
        }

        return planned.Select(p => p!).ToArray();
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record) =>
        await plans.FindAsync(record.Ref) is null ? "该行动方案已不存在"
        : (await plans.ReportsAsync(record.Ref)).Count > 0 ? "已有部门报送季度进展，不能撤销" : null;

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor) =>
        await plans.DeleteUnreportedAsync(record.Ref) ? null : "已有部门报送季度进展，不能撤销";

    private string? DepartmentCode(string name) =>
        plans.Embedded.Departments.FirstOrDefault(d => Cells.Code(d.Name) == Cells.Code(name) || d.Code == name.Trim())?.Code;

    /// <summary>A deadline as the annex writes it: 2022年12月底前, 2022年6月30日前, 2022年底前, 持续推动, 长期推动, or a date.</summary>
    public static PlanDeadlineRequest? Deadline(string text)
    {
        var value = Cells.Normalize(text);
        if (value == "持续推动")
        {
            return new("continuing", null, null);
        }

        if (value == "长期推动")
        {
            return new("long-term", null, null);
        }

        if (MonthEnd().Match(value) is { Success: true } month && int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12)
        {
            var first = new DateOnly(int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture), 1);
            return new(PlanDeadline.By, first.AddMonths(1).AddDays(-1), null);
        }

        if (YearEnd().Match(value) is { Success: true } year)
        {
            return new(PlanDeadline.By, new DateOnly(int.Parse(year.Groups[1].Value, CultureInfo.InvariantCulture), 12, 31), null);
        }

        var day = DayBefore().Match(value) is { Success: true } before ? before.Groups[1].Value.Replace('年', '-').Replace('月', '-') : value;
        return Cells.Date(day) is { Value: { } date } ? new(PlanDeadline.By, date, null) : null;
    }

    private static string Column(string field) => ItemField().Replace(field, "") switch
    {
        "id" => "方案编号",
        "title" => "方案名称",
        "periodTo" or "periodFrom" => "截止日期",
        ".number" => "事项序号",
        ".task" => "任务序号",
        ".title" => "具体落实事项",
        ".type" => "任务类型",
        var f when f.StartsWith(".deadline", StringComparison.Ordinal) => "完成时限",
        ".lead" => "牵头部门",
        var f when f.StartsWith(".cooperating", StringComparison.Ordinal) => "配合部门",
        ".indicator" => "系统指标",
        var f when f.StartsWith("tasks", StringComparison.Ordinal) => "任务序号",
        _ => "方案编号",
    };

    [GeneratedRegex(@"^items\[(\d+)\]")]
    private static partial Regex ItemField();

    [GeneratedRegex(@"^(\d{4})年(\d{1,2})月(底前|底|末)$")]
    private static partial Regex MonthEnd();

    [GeneratedRegex(@"^(\d{4})年(底前|底|末)$")]
    private static partial Regex YearEnd();

    [GeneratedRegex(@"^(\d{4}年\d{1,2}月\d{1,2})日(前)?$")]
    private static partial Regex DayBefore();
}
