using System.Text.Json;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Plans;

/// <summary>Keeps an item's rows in cv_plan_reports (one per quarter reported) in step with its grain.</summary>
internal static class PlanReportReadModel
{
    public static Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string plan, int item, PlanItemState current) =>
        connection.ExecuteAsync(
            """
            INSERT INTO cv_plan_reports (plan_id, item, quarter, department, status, reason, percent, milestone, narrative, evidence, state,
                submitted_by, submitted_at, first_submitted_at, submissions, reviewed_by, reviewed_at, review_comment, version)
            VALUES (@plan, @item, @Quarter, @Department, @Status, @Reason, @Percent, @Milestone, @Narrative, @Evidence::jsonb, @State,
                @SubmittedBy, @SubmittedAt, @FirstSubmittedAt, @Submissions, @ReviewedBy, @ReviewedAt, @ReviewComment, @version)
            ON CONFLICT (plan_id, item, quarter) DO UPDATE SET
                department = excluded.department, status = excluded.status, reason = excluded.reason, percent = excluded.percent,
                milestone = excluded.milestone, narrative = excluded.narrative, evidence = excluded.evidence, state = excluded.state,
                submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at, submissions = excluded.submissions,
                reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at, review_comment = excluded.review_comment,
                version = excluded.version
            WHERE cv_plan_reports.version < excluded.version
            """,
            current.Reports.Select(r => new
            {
                plan, item, r.Quarter, r.Department, r.Status, r.Reason, r.Percent, r.Milestone, r.Narrative,
                Evidence = JsonSerializer.Serialize(r.Evidence), r.State, r.SubmittedBy, r.SubmittedAt, r.FirstSubmittedAt, r.Submissions,
                r.ReviewedBy, r.ReviewedAt, r.ReviewComment, version = current.Version,
            }),
            transaction);
}
