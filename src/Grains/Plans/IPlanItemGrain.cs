using CellValley.Grains.Common;

namespace CellValley.Grains.Plans;

/// <summary>
/// One item (事项) of an action plan and its quarterly progress reports, keyed "planitem/{plan}/{number}": the responsible
/// department submits a quarter's report (again, once returned), staff return it with a comment or accept it.
/// </summary>
public interface IPlanItemGrain : IGrainWithStringKey
{
    Task<Outcome<PlanReportView>> SubmitAsync(string quarter, string department, PlanReportInput report, int? expectedVersion, Actor actor);

    Task<Outcome<PlanReportView>> ReturnAsync(string quarter, string comment, int? expectedVersion, Actor actor);

    Task<Outcome<PlanReportView>> AcceptAsync(string quarter, string? comment, int? expectedVersion, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<PlanItemReports> GetAsync();
}

public static class PlanItemKey
{
    public static string For(string plan, int item) => $"planitem/{plan}/{item}";

    /// <summary>The id the event log knows the item by: "{plan}/{number}".</summary>
    public static string EntityId(string plan, int item) => $"{plan}/{item}";
}
