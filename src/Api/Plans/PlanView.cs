using CellValley.Api.Picture;
using CellValley.Grains.Plans;

namespace CellValley.Api.Plans;

/// <summary>A plan's items on a day: each with its light (from deadline, reports and indicator), its indicator and its latest report.</summary>
public static class PlanView
{
    public static async Task<IReadOnlyList<(int Task, PlanItemDto Dto)>> ItemsAsync(
        Plan plan, DateOnly day, IReadOnlyList<PlanReportRow> reports, PictureService pictures, PlanCatalogue departments)
    {
        var targets = plan.Items.Any(i => i.Indicator is not null)
            ? (await pictures.GetAsync(day, null, null, null)).Targets.ToDictionary(t => t.Id)
            : [];
        var facts = reports.Select(r => r.Fact).ToArray();
        return plan.Items.Select(i =>
        {
            var target = i.Indicator is { } indicator ? targets.GetValueOrDefault(indicator) : null;
            var light = PlanLights.For(plan, i, facts, day, indicatorMet: target?.Met == true);
            var latest = reports.Where(r => r.Item == i.Number && PlanLights.Day(r.FirstSubmittedAt) <= day).MaxBy(r => r.Quarter, StringComparer.Ordinal);
            return (i.Task, new PlanItemDto(i.Number, i.Title, i.Type, i.DeadlineText, i.Deadline.Date, Ref(departments, i.Lead), i.Cooperating.Select(c => Ref(departments, c)).ToArray(),
                i.DepartmentsText, light.Light, target is null ? null : new IndicatorDto(target.Id, target.Text, target.Value, target.Met), light.Reason, light.Quarter,
                latest is null ? null : new LatestReportDto(latest.Quarter, latest.Status, latest.Percent, latest.Milestone, latest.State, latest.Narrative)));
        }).ToArray();
    }

    public static DepartmentRefDto Ref(PlanCatalogue catalogue, string code) => new(code, catalogue.FindDepartment(code)?.Name ?? code);

    public static LightCountsDto Count(IEnumerable<PlanItemDto> of)
    {
        var items = of.ToArray();
        return new(items.Count(i => i.Light == PlanLights.Green), items.Count(i => i.Light == PlanLights.Yellow), items.Count(i => i.Light == PlanLights.Red));
    }
}
