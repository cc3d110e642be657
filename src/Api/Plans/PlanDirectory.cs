using System.Text.Json;
using CellValley.Grains.Plans;
using Dapper;
using Npgsql;

namespace CellValley.Api.Plans;

/// <summary>
/// The action plans: the embedded ones (transcribed from the policy documents) and those staff created since, kept whole in
/// cv_plans; and the quarterly reports on their items (the plan-item grains' read rows).
/// </summary>
public sealed class PlanDirectory(PlanCatalogue embedded, NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PlanCatalogue Embedded => embedded;

    public async Task<IReadOnlyList<Plan>> ListAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var stored = await connection.QueryAsync<string>("SELECT definition::text FROM cv_plans ORDER BY created_at");
        return embedded.Plans.Concat(stored.Select(d => JsonSerializer.Deserialize<Plan>(d, Json)!)).ToArray();
    }

    public async Task<Plan?> FindAsync(string id)
    {
        if (embedded.Find(id) is { } plan)
        {
            return plan;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var definition = await connection.QuerySingleOrDefaultAsync<string>("SELECT definition::text FROM cv_plans WHERE plan_id = @id", new { id });
        return definition is null ? null : JsonSerializer.Deserialize<Plan>(definition, Json);
    }

    /// <summary>Stores a new plan; false when one with its id exists already.</summary>
    public async Task<bool> CreateAsync(Plan plan, string createdBy)
    {
        if (embedded.Find(plan.Id) is not null)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(
            "INSERT INTO cv_plans (plan_id, definition, created_by) VALUES (@Id, @definition::jsonb, @createdBy) ON CONFLICT (plan_id) DO NOTHING",
            new { plan.Id, definition = JsonSerializer.Serialize(plan, Json), createdBy }) == 1;
    }

    /// <summary>Removes a stored plan no department has reported on (an import reverted); false when reports stand in the way.</summary>
    public async Task<bool> DeleteUnreportedAsync(string id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(
            "DELETE FROM cv_plans p WHERE plan_id = @id AND NOT EXISTS (SELECT 1 FROM cv_plan_reports r WHERE r.plan_id = p.plan_id)", new { id }) == 1;
    }

    /// <summary>Every report on the plan's items, every quarter.</summary>
    public async Task<IReadOnlyList<PlanReportRow>> ReportsAsync(string planId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<PlanReportRow>(
            """
            SELECT item, quarter, department, status, reason, percent, milestone, narrative, evidence::text AS EvidenceJson, state,
                   submitted_by AS SubmittedBy, submitted_at AS SubmittedAt, first_submitted_at AS FirstSubmittedAt, submissions,
                   reviewed_by AS ReviewedBy, reviewed_at AS ReviewedAt, review_comment AS ReviewComment
              FROM cv_plan_reports WHERE plan_id = @planId ORDER BY item, quarter
            """, new { planId })).ToArray();
    }
}

/// <summary>A row of cv_plan_reports.</summary>
public sealed record PlanReportRow
{
    public int Item { get; init; }

    public string Quarter { get; init; } = "";

    public string Department { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Reason { get; init; }

    public int? Percent { get; init; }

    public string? Milestone { get; init; }

    public string Narrative { get; init; } = "";

    public string EvidenceJson { get; init; } = "[]";

    public string State { get; init; } = "";

    public string SubmittedBy { get; init; } = "";

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset FirstSubmittedAt { get; init; }

    public int Submissions { get; init; }

    public string? ReviewedBy { get; init; }

    public DateTimeOffset? ReviewedAt { get; init; }

    public string? ReviewComment { get; init; }

    public ReportFact Fact => new(Item, Quarter, Status, Reason, State, FirstSubmittedAt, SubmittedAt, ReviewedAt);

    public IReadOnlyList<string> Evidence => JsonSerializer.Deserialize<string[]>(EvidenceJson) ?? [];
}
