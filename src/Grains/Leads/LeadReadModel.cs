using System.Text.Json;
using CellValley.Grains.Events;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Leads;

/// <summary>Keeps cv_leads and cv_lead_stages in step with a lead grain.</summary>
internal static class LeadReadModel
{
    public static async Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, LeadState s, LeadCatalogue catalogue)
    {
        if (!s.Exists)
        {
            // Withdrawn: the lead leaves every list.
            foreach (var table in new[] { "cv_lead_stages", "cv_lead_statuses", "cv_leads" })
            {
                await connection.ExecuteAsync($"DELETE FROM {table} WHERE lead_id = @id", new { id }, transaction);
            }

            return;
        }

        var info = s.Info!.ToContract();
        var stage = s.Stages[^1];
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_leads (lead_id, company, credit_code, segment, chain_link, source, owner_id, owner_name,
                                  estimated_investment_yuan, estimated_jobs, space_area_sqm, space_fit_out, preferred_park_id,
                                  likelihood, estimated_landing, next_follow_up, stage, stage_rank, stage_since, status,
                                  status_reason, lost_to, landed_code, landed_lease_id, version, created_at, updated_at)
            VALUES (@id, @Company, @CreditCode, @Segment, @ChainLink, @Source, @OwnerId, @OwnerName,
                    @EstimatedInvestmentYuan, @EstimatedJobs, @SpaceArea, CAST(@SpaceFitOut AS jsonb), @PreferredParkId,
                    @Likelihood, @EstimatedLanding, @NextFollowUp, @Stage, @StageRank, @StageSince, @Status,
                    @StatusReason, @LostTo, @LandedCode, @LandedLeaseId, @Version, @CreatedAt, @UpdatedAt)
            ON CONFLICT (lead_id) DO UPDATE SET
                company = excluded.company, credit_code = excluded.credit_code, segment = excluded.segment,
                chain_link = excluded.chain_link, source = excluded.source, owner_id = excluded.owner_id,
                owner_name = excluded.owner_name, estimated_investment_yuan = excluded.estimated_investment_yuan,
                estimated_jobs = excluded.estimated_jobs, space_area_sqm = excluded.space_area_sqm,
                space_fit_out = excluded.space_fit_out, preferred_park_id = excluded.preferred_park_id,
                likelihood = excluded.likelihood, estimated_landing = excluded.estimated_landing,
                next_follow_up = excluded.next_follow_up, stage = excluded.stage, stage_rank = excluded.stage_rank,
                stage_since = excluded.stage_since, status = excluded.status, status_reason = excluded.status_reason,
                lost_to = excluded.lost_to, landed_code = excluded.landed_code, landed_lease_id = excluded.landed_lease_id,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE cv_leads.version < excluded.version
            """,
            new
            {
                id,
                info.Company,
                info.CreditCode,
                info.Segment,
                info.ChainLink,
                info.Source,
                s.OwnerId,
                s.OwnerName,
                info.EstimatedInvestmentYuan,
                info.EstimatedJobs,
                SpaceArea = info.Space?.AreaSqm,
                SpaceFitOut = info.Space?.FitOut is { } fitOut ? JsonSerializer.Serialize(fitOut, EventJson.Options) : null,
                PreferredParkId = info.Space?.PreferredParkId,
                info.Likelihood,
                info.EstimatedLanding,
                info.NextFollowUp,
                stage.Stage,
                StageRank = catalogue.FindStage(stage.Stage)!.Rank,
                StageSince = stage.Since,
                s.Status,
                s.StatusReason,
                s.LostTo,
                s.LandedCode,
                s.LandedLeaseId,
                s.Version,
                s.CreatedAt,
                s.UpdatedAt,
            },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_lead_stages (lead_id, seq, stage, stage_rank, since) VALUES (@id, @Seq, @Stage, @Rank, @Since)
            ON CONFLICT (lead_id, seq) DO NOTHING
            """,
            s.Stages.Select((e, i) => new { id, Seq = i + 1, e.Stage, Rank = catalogue.FindStage(e.Stage)!.Rank, e.Since }), transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_lead_statuses (lead_id, seq, status, since) VALUES (@id, @Seq, @Status, @Since)
            ON CONFLICT (lead_id, seq) DO NOTHING
            """,
            s.StatusHistory.Select((e, i) => new { id, Seq = i + 1, e.Status, e.Since }), transaction);
    }
}
