using System.Text.Json;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Inbox;

/// <summary>
/// Computes the 待办 items for a day from the read tables and stores the new ones (each item once: its key names the record and the
/// occasion), then the day's digest per recipient. Recipients: role:staff (every admin and staff member), person:{id} (a lead's
/// owner), enterprise:{code}, park:{id}, department:{code}. Running again on the same day adds nothing.
/// </summary>
public sealed class InboxBuilder(NpgsqlDataSource dataSource, LeadCatalogue leads, Microsoft.Extensions.Configuration.IConfiguration configuration)
{
    /// <summary>Days a unit may stand empty before its park and staff are told (CellValley:Parks:VacantTooLongDays, as the tenancy grid marks it).</summary>
    private int VacantTooLongDays => int.TryParse(configuration["CellValley:Parks:VacantTooLongDays"], out var days) ? days : 180;

    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web);

    /// <summary>Days before a lease ends at which its park and staff are told (the tightest one reached).</summary>
    public static readonly int[] LeaseNotices = [30, 60, 90];

    public const int RecognitionNoticeDays = 90;

    /// <summary>
    /// Whether an inbox item (alias i) still needs its recipient: an item whose work is done — the filing filed, the proposal
    /// reviewed or withdrawn, the report submitted, the lead followed up or moved on — leaves the inbox at once, without waiting
    /// for the next computation. Notices of a date (a lease, a recognition, a vacancy) stay until dismissed.
    /// </summary>
    public const string StillOpen = """
        NOT (
            (i.kind = 'filing-due' AND EXISTS (SELECT 1 FROM cv_filing_targets t WHERE t.filing_id = split_part(i.item_key, ':', 2)
                AND t.credit_code = split_part(i.item_key, ':', 3) AND t.filed_at IS NOT NULL))
            OR (i.kind = 'proposal-pending' AND EXISTS (SELECT 1 FROM cv_proposals p WHERE p.proposal_id = split_part(i.item_key, ':', 2) AND p.state <> 'pending'))
            OR (i.kind = 'plan-report-due' AND EXISTS (SELECT 1 FROM cv_plan_reports r WHERE i.item_key = 'plan-report-due:' || r.plan_id || '/' || r.item || '/' || r.quarter))
            OR (i.kind IN ('lead-follow-up', 'lead-stale') AND NOT EXISTS (SELECT 1 FROM cv_leads l WHERE l.lead_id = split_part(i.item_key, ':', 2)
                AND l.status IN ('active', 'delayed')
                AND i.item_key IN ('lead-follow-up:' || l.lead_id || ':' || l.next_follow_up, 'lead-stale:' || l.lead_id || ':' || l.stage || ':' || l.stage_since)))
        )
        """;

    /// <summary>What a proposal asks, by its kind, as the inbox names it.</summary>
    private const string Subject = """
        CASE p.kind WHEN 'product' THEN '新增产品申请' WHEN 'product-update' THEN '产品信息变更申请' WHEN 'stage' THEN '产品阶段变更申请'
                    WHEN 'funding' THEN '融资记录申请' ELSE '信息变更申请' END
        """;

    public async Task<int> RunAsync(DateOnly day)
    {
        var stale = leads.Stages.Where(s => s.StaleAfterDays is not null).Select(s => new { s.Code, Days = s.StaleAfterDays!.Value }).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var created = await connection.ExecuteAsync(
            $"""
            WITH candidates (item_key, recipient, kind, title, link, due_on) AS (
                -- Leases ending within 90 / 60 / 30 days: the tightest notice reached, to the park and to staff.
                SELECT 'lease-ending:' || l.lease_id || ':' || n.days || ':' || r.recipient, r.recipient, 'lease-ending',
                       '租约将于 ' || to_char(l.ends_on, 'YYYY-MM-DD') || ' 到期（' || n.days || ' 天内）：' || coalesce(e.name, l.tenant_code) || ' · ' || l.unit_id,
                       '/parks/' || l.park_id, l.ends_on
                  FROM cv_leases l
                  LEFT JOIN cv_enterprises e ON e.credit_code = l.tenant_code
                  CROSS JOIN LATERAL (SELECT min(d) AS days FROM unnest(@notices) d WHERE l.ends_on - @day <= d) n
                  CROSS JOIN LATERAL (VALUES ('park:' || l.park_id), ('role:staff')) r (recipient)
                 WHERE l.ends_on > @day AND l.starts_on <= @day AND l.terminated_on IS NULL AND l.voided_at IS NULL AND n.days IS NOT NULL
                UNION ALL
                -- Units vacant too long: to the park and to staff, once per spell of vacancy.
                SELECT 'unit-vacant:' || u.park_id || '/' || u.unit_id || ':' || v.since || ':' || r.recipient, r.recipient, 'unit-vacant',
                       '单元空置已 ' || (@day - v.since) || ' 天：' || coalesce(p.name, u.park_id) || ' · ' || u.unit_id, '/parks/' || u.park_id, NULL::date
                  FROM cv_unit_tenancy(@asOf, NULL) t
                  JOIN cv_units u ON u.park_id = t.park_id AND u.unit_id = t.unit_id
                  LEFT JOIN cv_parks p ON p.park_id = u.park_id
                  {TenancySql.VacantSince}
                  CROSS JOIN LATERAL (VALUES ('park:' || u.park_id), ('role:staff')) r (recipient)
                 WHERE t.counts AND t.leased = 0 AND t.committed = 0 AND @day - v.since > @vacantDays
                UNION ALL
                -- Recognitions lapsing within 90 days: to the enterprise and to staff.
                SELECT 'recognition-expiring:' || t.credit_code || '/' || t.seq || ':' || r.recipient, r.recipient, 'recognition-expiring',
                       '梯度认定将于 ' || to_char(t.valid_until, 'YYYY-MM-DD') || ' 到期：' || coalesce(e.name, t.credit_code),
                       '/enterprises/' || trim(t.credit_code), t.valid_until
                  FROM cv_tier_recognitions t
                  JOIN cv_enterprises e ON e.credit_code = t.credit_code AND e.status = 'active'
                  CROSS JOIN LATERAL (VALUES ('enterprise:' || trim(t.credit_code)), ('role:staff')) r (recipient)
                 WHERE t.voided_at IS NULL AND t.valid_until > @day AND t.valid_until <= @day + @recognitionDays
                   AND NOT EXISTS (SELECT 1 FROM cv_tier_recognitions later WHERE later.credit_code = t.credit_code AND later.seq > t.seq AND later.voided_at IS NULL)
                UNION ALL
                -- A lead's follow-up is due: to its owner, once per follow-up date.
                SELECT 'lead-follow-up:' || lead_id || ':' || next_follow_up, 'person:' || owner_id, 'lead-follow-up',
                       '线索跟进到期：' || company, '/leads/' || lead_id, next_follow_up
                  FROM cv_leads WHERE status IN ('active', 'delayed') AND next_follow_up <= @day
                UNION ALL
                -- A lead has stood in its stage past the stage's limit: to its owner, once per stage entry.
                SELECT 'lead-stale:' || l.lead_id || ':' || l.stage || ':' || l.stage_since, 'person:' || l.owner_id, 'lead-stale',
                       '线索停滞：' || l.company || '（' || (@day - l.stage_since) || ' 天未推进）', '/leads/' || l.lead_id, NULL::date
                  FROM cv_leads l JOIN jsonb_to_recordset(@stale::jsonb) s (code text, days int) ON s.code = l.stage
                 WHERE l.status IN ('active', 'delayed') AND l.stage_since + s.days < @day
                UNION ALL
                -- A filing campaign's deadline is 30 days off or past, and the enterprise has not filed: to the enterprise, once.
                SELECT 'filing-due:' || f.filing_id || ':' || t.credit_code, 'enterprise:' || t.credit_code, 'filing-due',
                       CASE WHEN f.deadline < @day THEN f.title || '已逾期（截止 ' || to_char(f.deadline, 'YYYY-MM-DD') || '），请尽快填报'
                            ELSE '请于 ' || to_char(f.deadline, 'YYYY-MM-DD') || ' 前完成' || f.title END,
                       '/enterprises/' || t.credit_code, f.deadline
                  FROM cv_filing_targets t JOIN cv_filings f ON f.filing_id = t.filing_id
                 WHERE t.filed_at IS NULL AND f.deadline - 30 <= @day
                UNION ALL
                -- Proposals awaiting review: to staff.
                SELECT 'proposal-pending:' || p.proposal_id, 'role:staff', 'proposal-pending',
                       '待审核：' || coalesce(e.name, p.credit_code) || ' 的' || {Subject}, '/proposals', NULL::date
                  FROM cv_proposals p LEFT JOIN cv_enterprises e ON e.credit_code = p.credit_code WHERE p.state = 'pending'
                UNION ALL
                -- Proposals not (wholly) accepted, or lapsed: back to the enterprise.
                SELECT 'proposal-returned:' || p.proposal_id, 'enterprise:' || p.credit_code, 'proposal-returned',
                       {Subject} || CASE p.state WHEN 'lapsed' THEN '已失效，请按当前档案重新提交' WHEN 'rejected' THEN '未通过审核'
                            ELSE '部分通过审核' END,
                       '/enterprises/' || p.credit_code, NULL::date
                  FROM cv_proposals p WHERE p.state IN ('rejected', 'partly-accepted', 'lapsed')
            )
            INSERT INTO cv_inbox (item_key, recipient, kind, title, link, due_on, created_on)
            SELECT item_key, recipient, kind, title, link, due_on, @day FROM candidates
            ON CONFLICT (item_key) DO NOTHING
            """,
            new { day, asOf = day, notices = LeaseNotices, recognitionDays = RecognitionNoticeDays, stale = JsonSerializer.Serialize(stale), vacantDays = VacantTooLongDays },
            transaction);
        created += await PlanReportsDueAsync(connection, transaction, day);

        // The day's digest per recipient: what is open, what is new today, by kind.
        await connection.ExecuteAsync(
            $"""
            INSERT INTO cv_inbox_digests (recipient, day, open_items, new_items, by_kind)
            SELECT recipient, @day, count(*), count(*) FILTER (WHERE created_on = @day), jsonb_object_agg(kind, n)
              FROM (SELECT recipient, kind, created_on, count(*) OVER (PARTITION BY recipient, kind) AS n
                      FROM cv_inbox i WHERE dismissed_at IS NULL AND {StillOpen}) open
             GROUP BY recipient
            ON CONFLICT (recipient, day) DO UPDATE SET open_items = excluded.open_items, new_items = excluded.new_items, by_kind = excluded.by_kind
            """, new { day }, transaction);
        await transaction.CommitAsync();
        return created;
    }

    /// <summary>
    /// Plan reports due: once a quarter has ended, every item of a plan that tracks its reports and has none for that quarter (and is
    /// not done) goes to its lead department's 待办, dated the quarter's due day.
    /// </summary>
    private static async Task<int> PlanReportsDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly day)
    {
        var stored = await connection.QueryAsync<string>("SELECT definition::text FROM cv_plans", transaction: transaction);
        var plans = Plans.PlanCatalogue.EmbeddedPlans.Concat(stored.Select(d => JsonSerializer.Deserialize<Plans.Plan>(d, PlanJson)!));
        var created = 0;
        foreach (var plan in plans)
        {
            if (!Plans.PlanQuarter.TryParse(plan.Lights.TrackMissingReportsFrom, out var first))
            {
                continue;
            }

            var quarter = Plans.PlanQuarter.Of(day).Previous;
            var last = Plans.PlanQuarter.Of(plan.PeriodTo);
            if (quarter < first || quarter > last)
            {
                continue;
            }

            var reports = (await connection.QueryAsync<(int Item, string Quarter, string Status, string State)>(
                "SELECT item, quarter, status, state FROM cv_plan_reports WHERE plan_id = @Id", new { plan.Id }, transaction)).ToArray();
            var due = plan.Items.Where(i => !reports.Any(r => r.Item == i.Number && r.Quarter == quarter.ToString())
                && !reports.Any(r => r.Item == i.Number && r.State == Plans.PlanReportRules.Accepted && r.Status == Plans.PlanReportRules.Done)).ToArray();
            foreach (var item in due)
            {
                created += await connection.ExecuteAsync(
                    """
                    INSERT INTO cv_inbox (item_key, recipient, kind, title, link, due_on, created_on)
                    VALUES (@key, @recipient, 'plan-report-due', @title, @link, @due, @day) ON CONFLICT (item_key) DO NOTHING
                    """,
                    new
                    {
                        key = $"plan-report-due:{plan.Id}/{item.Number}/{quarter}", recipient = "department:" + item.Lead,
                        title = $"请报送{quarter.Label}进展：{plan.Title} 第 {item.Number} 项", link = $"/plan/{plan.Id}/items/{item.Number}?quarter={quarter}",
                        due = quarter.DueOn(plan.Lights.ReportDueDays), day,
                    }, transaction);
            }
        }

        return created;
    }
}
