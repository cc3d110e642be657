using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.Picture;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Plans;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MiniExcelLibs;
using Npgsql;

namespace CellValley.Api.Plans;

/// <summary>A target of the plan in the 季报: its value at the quarter's end and at the previous quarter's end.</summary>
public sealed record QuarterlyTargetDto(string Id, string Text, decimal? Value, decimal? PreviousValue, bool Met);

/// <summary>An item in the 季报: this quarter's report (status, percent, milestone, narrative, review state), its light, and last quarter's status and light.</summary>
public sealed record QuarterlyItemDto(
    int Number, string Title, string Lead, string? Status, int? Percent, string? Milestone, string? Narrative, string ReportState, bool Late,
    string Light, string LightReason, string? LightQuarter, string? PreviousStatus, string? PreviousLight);

public sealed record QuarterlyTaskDto(int Number, string Title, IReadOnlyList<QuarterlyItemDto> Items);

/// <summary>What changed on an item since the last quarter: its status or its light.</summary>
public sealed record QuarterlyChangeDto(int Number, string Title, string? StatusFrom, string? StatusTo, string? LightFrom, string LightTo);

/// <summary>
/// The cluster in the quarter: enterprises at its end and the previous quarter's, tier moves within it, products entering the pipeline or
/// moving a stage within it, funding dated within it (yuan), occupancy at its end, leads landed within it.
/// </summary>
public sealed record QuarterlyHighlightsDto(
    int Enterprises, int EnterprisesBefore, int TiersUp, int TiersDown, int TiersExpired, int Products, int ProductsBefore, int ProductsEntered,
    int ProductsAdvanced, decimal Funding, int FundingCount, decimal? Occupancy, IReadOnlyList<ParkOccupancy> Parks, int LeadsLanded);

/// <summary>The quarterly report (季报) of a plan for leadership: targets, every task's items with status, light and narrative, changes, the cluster's highlights.</summary>
public sealed record QuarterlyReportDto(
    string PlanId, string PlanTitle, string Quarter, string QuarterLabel, DateOnly QuarterStart, DateOnly QuarterEnd, DateOnly FiguresAsOf, DateOnly ReportsAsOf,
    LightCountsDto Lights, int ReportsRequired, int ReportsReceived, int ReportsAccepted, int ReportsLate, IReadOnlyList<QuarterlyTargetDto> Targets,
    IReadOnlyList<QuarterlyTaskDto> Tasks, IReadOnlyList<QuarterlyChangeDto> Changes, QuarterlyHighlightsDto Highlights, DateTimeOffset GeneratedAt);

/// <summary>Chinese names of the plan's codes, for the 季报 and the task breakdown's file.</summary>
public static class PlanTexts
{
    public static string Status(string? status) => status switch
    {
        PlanReportRules.NotStarted => "未开始",
        PlanReportRules.InProgress => "进行中",
        PlanReportRules.Done => "已完成",
        PlanReportRules.Delayed => "延期",
        null => "",
        _ => status,
    };

    public static string State(string state) => state switch
    {
        PlanReportRules.Submitted => "待审核",
        PlanReportRules.Returned => "已退回",
        PlanReportRules.Accepted => "已通过",
        "missing" => "未报送",
        "not-required" => "无需报送",
        _ => state,
    };

    public static string Light(string? light) => light switch
    {
        PlanLights.Red => "红灯",
        PlanLights.Yellow => "黄灯",
        PlanLights.Green => "绿灯",
        _ => "",
    };

    public static string Reason(string reason, string? quarter = null) => reason switch
    {
        "done" => "已完成",
        "overdue" => "逾期未完成",
        "report-missing" => PlanQuarter.TryParse(quarter, out var q) ? $"{q.Label}进展未报送" : "进展未报送",
        "delayed" => "报告延期",
        "due-soon" => "临近期限",
        _ => "正常推进",
    };
}

public static class QuarterCycle
{
    /// <summary>The cycle on a day, from the items' lights on that day (<see cref="PlanView.ItemsAsync"/>), which the caller computes once.</summary>
    public static PlanQuarterDto Build(
        Plan plan, PlanQuarter quarter, DateOnly day, IReadOnlyList<PlanReportRow> reports, IReadOnlyDictionary<int, PlanItemDto> lights, PlanCatalogue catalogue, string? department)
    {
        var due = quarter.DueOn(plan.Lights.ReportDueDays);
        var items = plan.Items.Where(i => department is null || i.Lead == department).Select(item =>
        {
            var doneBefore = reports.Any(r => r.Item == item.Number && string.CompareOrdinal(r.Quarter, quarter.ToString()) < 0
                && r.State == PlanReportRules.Accepted && r.Status == PlanReportRules.Done);
            var report = reports.FirstOrDefault(r => r.Item == item.Number && r.Quarter == quarter.ToString() && PlanLights.Day(r.FirstSubmittedAt) <= day);
            var state = report?.State ?? (doneBefore ? "not-required" : "missing");
            var late = report is null ? !doneBefore && day > due : PlanLights.Day(report.FirstSubmittedAt) > due;
            var light = lights[item.Number];
            return new QuarterItemDto(item.Task, item.Number, item.Title, PlanView.Ref(catalogue, item.Lead), !doneBefore, state, report?.Status, report?.Percent,
                due, late, report?.SubmittedAt, light.Light, light.LightReason);
        }).OrderByDescending(i => i.Late && i.State == "missing").ThenBy(i => Rank(i.State)).ThenBy(i => i.Number).ToArray();
        var departments = items.Where(i => i.Required).GroupBy(i => i.Lead.Code).Select(g => new QuarterDepartmentDto(
                g.First().Lead, g.Count(), g.Count(i => i.State == PlanReportRules.Submitted), g.Count(i => i.State == PlanReportRules.Returned),
                g.Count(i => i.State == PlanReportRules.Accepted), g.Count(i => i.State == "missing"), g.Count(i => i.Late)))
            .OrderByDescending(d => d.Missing).ThenByDescending(d => d.Late).ThenBy(d => d.Department.Code, StringComparer.Ordinal).ToArray();
        return new PlanQuarterDto(plan.Id, plan.Title, quarter.ToString(), quarter.Label, due, day, items, departments);
    }

    private static int Rank(string state) => state switch
    {
        "missing" => 0,
        PlanReportRules.Returned => 1,
        PlanReportRules.Submitted => 2,
        PlanReportRules.Accepted => 3,
        _ => 4,
    };
}

public static class PlanQuarterlyApi
{
    public static void MapPlanQuarterly(this RouteGroupBuilder group) =>
        group.MapGet("/plans/{id}/quarters/{quarter}/report", GetAsync).WithName("GetQuarterlyReport")
            .Produces<QuarterlyReportDto>(StatusCodes.Status200OK, "application/json", ListExport.XlsxType, "application/pdf")
            .WithSummary("The 季报 for a quarter (?format=xlsx for the workbook, pdf for the printable document): the targets at the quarter's end, every task's items "
                + "with this quarter's status, light and narrative, what changed since the last quarter, and the cluster's highlights in the quarter. "
                + "Reports and lights are read as of ?asOf=, by default the end of the following quarter (or today, if sooner): the report as filed, "
                + "the same whenever it is generated again");

    public static async Task<IResult> GetAsync(
        string id, string quarter, DateOnly? asOf, string? format, ClaimsPrincipal user, PlanDirectory plans, PictureService pictures, SupervisionClock clock,
        NpgsqlDataSource dataSource, Microsoft.Extensions.Configuration.IConfiguration configuration)
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
        var q = PlanReportsApi.CheckQuarter(plan, quarter, "quarter", errors);
        var today = clock.Today;
        if (q is { } parsed && parsed.Start > today)
        {
            errors.Add("quarter", Rule.QuarterNotStarted(parsed.ToString()));
        }

        if (asOf > today)
        {
            errors.Add("asOf", Rule.NotInFuture(today));
        }

        if (format is not (null or "xlsx" or "pdf"))
        {
            errors.Add("format", Rule.OneOf("xlsx, pdf"));
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var reportsDay = asOf ?? Min(q!.Value.Next.End, today);
        var report = await BuildAsync(plan, q!.Value, reportsDay, today, await plans.ReportsAsync(plan.Id), pictures, plans.Embedded, dataSource, clock);
        if (format == "pdf")
        {
            if (!ChineseFont.TryInstall(configuration["CellValley:Reports:ChineseFont"]))
            {
                return TypedResults.Problem(Messages.Get(Messages.UnavailableChineseFont), statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: Messages.Get(Messages.TitleUnavailable));
            }

            return TypedResults.File(QuarterlyPdf.Render(report), "application/pdf", $"{plan.Title}-{report.QuarterLabel}季报.pdf");
        }

        if (format == "xlsx")
        {
            var name = $"{plan.Title}-{report.QuarterLabel}季报.xlsx";
            return TypedResults.File(await XlsxAsync(report), ListExport.XlsxType, name);
        }

        return TypedResults.Ok(report);
    }

    public static async Task<QuarterlyReportDto> BuildAsync(
        Plan plan, PlanQuarter quarter, DateOnly reportsDay, DateOnly today, IReadOnlyList<PlanReportRow> reports, PictureService pictures, PlanCatalogue catalogue,
        NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        var end = Min(quarter.End, today);
        var previousEnd = Min(quarter.Start.AddDays(-1), today);
        var picture = await pictures.GetAsync(end, null, null, quarter.Start);
        var before = await pictures.GetAsync(previousEnd, null, null, null);
        var previousTargets = before.Targets.ToDictionary(t => t.Id);
        var targets = picture.Targets.Select(t => new QuarterlyTargetDto(t.Id, t.Text, t.Value, previousTargets.GetValueOrDefault(t.Id)?.Value, t.Met)).ToArray();

        var current = (await PlanView.ItemsAsync(plan, reportsDay, reports, pictures, catalogue)).ToDictionary(i => i.Dto.Number, i => i.Dto);
        var cycle = QuarterCycle.Build(plan, quarter, reportsDay, reports, current, catalogue, null);
        var cycleItems = cycle.Items.ToDictionary(i => i.Number);
        var previousQuarter = quarter.Previous;
        var hasPrevious = previousQuarter >= PlanQuarter.Of(plan.PeriodFrom);
        var previousDay = Min(previousQuarter.DueOn(plan.Lights.ReportDueDays), reportsDay);
        var previous = hasPrevious ? (await PlanView.ItemsAsync(plan, previousDay, reports, pictures, catalogue)).ToDictionary(i => i.Dto.Number, i => i.Dto) : null;
        string? StatusIn(int item, PlanQuarter q, DateOnly day) =>
            reports.FirstOrDefault(r => r.Item == item && r.Quarter == q.ToString() && PlanLights.Day(r.FirstSubmittedAt) <= day)?.Status;

        var tasks = plan.Tasks.Select(t => new QuarterlyTaskDto(t.Number, t.Title, plan.Items.Where(i => i.Task == t.Number).Select(i =>
        {
            var report = reports.FirstOrDefault(r => r.Item == i.Number && r.Quarter == quarter.ToString() && PlanLights.Day(r.FirstSubmittedAt) <= reportsDay);
            var light = current[i.Number];
            return new QuarterlyItemDto(i.Number, i.Title, PlanView.Ref(catalogue, i.Lead).Name, report?.Status, report?.Percent, report?.Milestone, report?.Narrative,
                cycleItems[i.Number].State, cycleItems[i.Number].Late, light.Light, light.LightReason, light.LightQuarter,
                hasPrevious ? StatusIn(i.Number, previousQuarter, reportsDay) : null, previous?[i.Number].Light);
        }).ToArray())).ToArray();
        var changes = tasks.SelectMany(t => t.Items)
            .Where(i => hasPrevious && (i.Status != i.PreviousStatus || i.Light != i.PreviousLight))
            .Select(i => new QuarterlyChangeDto(i.Number, i.Title, i.PreviousStatus, i.Status, i.PreviousLight, i.Light)).ToArray();

        await using var connection = await dataSource.OpenConnectionAsync();
        var stages = await connection.QuerySingleAsync<(long Entered, long Advanced)>(
            """
            SELECT count(*) FILTER (WHERE s.seq = 1), count(*) FILTER (WHERE s.seq > 1)
              FROM cv_product_stages s JOIN cv_products p ON p.product_id = s.product_id
             WHERE s.entered_on BETWEEN @from AND @to AND NOT s.correction
            """, new { from = quarter.Start, to = end });
        decimal Funding(PictureDto of, Func<FundingRow, decimal> value) =>
            of.Funding.Where(f => f.Year == quarter.Year && f.Currency == "CNY").Sum(value);
        var fundingBefore = previousEnd.Year == quarter.Year ? before : null;
        int Landed(PictureDto of) => of.Funnel.FirstOrDefault(f => f.Stage == "landed")?.Reached ?? 0;
        var highlights = new QuarterlyHighlightsDto(
            picture.Enterprises.Total, before.Enterprises.Total, picture.TierMoves.Up, picture.TierMoves.Down, picture.TierMoves.Expired,
            picture.Pipeline.Total, before.Pipeline.Total, (int)stages.Entered, (int)stages.Advanced,
            Funding(picture, f => f.Amount) - (fundingBefore is null ? 0 : Funding(fundingBefore, f => f.Amount)),
            (int)(Funding(picture, f => f.Count) - (fundingBefore is null ? 0 : Funding(fundingBefore, f => f.Count))),
            picture.Occupancy.Occupancy, picture.Occupancy.Parks, Landed(picture) - Landed(before));

        var required = cycle.Items.Where(i => i.Required).ToArray();
        return new QuarterlyReportDto(plan.Id, plan.Title, quarter.ToString(), quarter.Label, quarter.Start, quarter.End, end, reportsDay,
            PlanView.Count(current.Values), required.Length, required.Count(i => i.State is not "missing"), required.Count(i => i.State == PlanReportRules.Accepted),
            required.Count(i => i.Late), targets, tasks, changes, highlights, clock.Time.GetUtcNow());
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>The 季报 as a workbook: 概况 (targets and highlights), 任务进展 (every item), 变化 (since last quarter).</summary>
    public static async Task<byte[]> XlsxAsync(QuarterlyReportDto report)
    {
        var h = report.Highlights;
        var summary = new List<Dictionary<string, object?>>
        {
            Row("行动方案", report.PlanTitle), Row("季度", report.QuarterLabel), Row("数据截至", report.FiguresAsOf.ToString("yyyy-MM-dd")),
            Row("进展截至", report.ReportsAsOf.ToString("yyyy-MM-dd")),
            Row("督办", $"绿灯 {report.Lights.Green} 项，黄灯 {report.Lights.Yellow} 项，红灯 {report.Lights.Red} 项"),
            Row("报送", $"应报 {report.ReportsRequired} 项，已报 {report.ReportsReceived} 项，已审核通过 {report.ReportsAccepted} 项，逾期 {report.ReportsLate} 项"),
        };
        summary.AddRange(report.Targets.Select(t => Row("目标：" + t.Text, $"{t.Value?.ToString("0.##") ?? "—"}（上季度末 {t.PreviousValue?.ToString("0.##") ?? "—"}）{(t.Met ? "，已达成" : "")}")));
        summary.Add(Row("企业总数", $"{h.Enterprises}（上季度末 {h.EnterprisesBefore}）"));
        summary.Add(Row("梯度变动", $"升级 {h.TiersUp} 家，降级 {h.TiersDown} 家，到期 {h.TiersExpired} 家"));
        summary.Add(Row("产品管线", $"{h.Products} 个（上季度末 {h.ProductsBefore}），本季度新进入 {h.ProductsEntered} 个，推进阶段 {h.ProductsAdvanced} 次"));
        summary.Add(Row("融资与资助", $"{h.Funding / 10000m:0.##} 万元，{h.FundingCount} 笔"));
        summary.Add(Row("园区入驻率", h.Occupancy is { } o ? $"{o * 100:0.#}%" : "—"));
        summary.AddRange(h.Parks.Select(p => Row("　" + p.Name, p.Occupancy is { } o ? $"{o * 100:0.#}%（目标 {p.Target * 100:0.#}%）" : "—")));
        summary.Add(Row("线索落地", $"{h.LeadsLanded} 个"));

        var items = report.Tasks.SelectMany(t => t.Items.Select(i => new Dictionary<string, object?>
        {
            ["任务"] = $"{t.Number}. {t.Title}", ["事项序号"] = i.Number, ["具体落实事项"] = i.Title, ["牵头部门"] = i.Lead,
            ["本季度状态"] = PlanTexts.Status(i.Status), ["完成比例"] = i.Percent, ["节点"] = i.Milestone, ["进展情况"] = i.Narrative,
            ["报送"] = PlanTexts.State(i.ReportState) + (i.Late ? "（逾期）" : ""), ["督办"] = PlanTexts.Light(i.Light), ["上季度状态"] = PlanTexts.Status(i.PreviousStatus),
            ["上季度督办"] = PlanTexts.Light(i.PreviousLight),
        })).ToList();
        var changes = report.Changes.Select(c => new Dictionary<string, object?>
        {
            ["事项序号"] = c.Number, ["具体落实事项"] = c.Title, ["状态（上季度）"] = PlanTexts.Status(c.StatusFrom), ["状态（本季度）"] = PlanTexts.Status(c.StatusTo),
            ["督办（上季度）"] = PlanTexts.Light(c.LightFrom), ["督办（本季度）"] = PlanTexts.Light(c.LightTo),
        }).ToList();
        if (changes.Count == 0)
        {
            changes.Add(new Dictionary<string, object?> { ["事项序号"] = null, ["具体落实事项"] = "与上季度相比无变化" });
        }

        var sheets = new Dictionary<string, object> { ["概况"] = summary, ["任务进展"] = items, ["变化"] = changes };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(string name, string value) => new() { ["项目"] = name, ["内容"] = value };
}
