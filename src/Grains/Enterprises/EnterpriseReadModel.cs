using System.Text.Json;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Products;
using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Enterprises;

/// <summary>Keeps the enterprise's read rows (cv_enterprises, cv_products, …) in step with the grain state.</summary>
internal static class EnterpriseReadModel
{
    private const string ProductSql = """
        INSERT INTO cv_products (product_id, credit_code, name, kind, registration_class, indication, innovative_device,
                                 class_one, stage, stage_rank, stage_date, version, updated_at)
        VALUES (@Id, @CreditCode, @Name, @Kind, @RegistrationClass, @Indication, @InnovativeDevice,
                @ClassOne, @Stage, @StageRank, @StageDate, @Version, @UpdatedAt)
        ON CONFLICT (product_id) DO UPDATE SET
            credit_code = excluded.credit_code, name = excluded.name, kind = excluded.kind, registration_class = excluded.registration_class,
            indication = excluded.indication, innovative_device = excluded.innovative_device,
            class_one = excluded.class_one, stage = excluded.stage, stage_rank = excluded.stage_rank,
            stage_date = excluded.stage_date, version = excluded.version, updated_at = excluded.updated_at
        WHERE cv_products.version < excluded.version
        """;

    private const string StageSql = """
        INSERT INTO cv_product_stages (product_id, seq, stage, stage_rank, entered_on, skipped, correction, reason, superseded_on,
                                       credit_code, kind, class_one, innovative_device)
        VALUES (@ProductId, @Seq, @Stage, @StageRank, @EnteredOn, @Skipped, @Correction, @Reason, @SupersededOn,
                @CreditCode, @Kind, @ClassOne, @InnovativeDevice)
        ON CONFLICT (product_id, seq) DO UPDATE SET
            credit_code = excluded.credit_code, superseded_on = excluded.superseded_on, kind = excluded.kind, class_one = excluded.class_one,
            innovative_device = excluded.innovative_device
        """;

    private const string FundingSql = """
        INSERT INTO cv_funding (funding_id, credit_code, kind, source, funded_on, date_precision, amount, currency,
                                round_type, investors, lead_investor, lender, category, product_id, grantor,
                                policy_version, recorded_at, uncapped, voided_at, void_reason, replaced_by, guidance_yuan)
        VALUES (@Id, @CreditCode, @Kind, @Source, @Date, @DatePrecision, @Amount, @Currency,
                @RoundType, CAST(@Investors AS jsonb), @LeadInvestor, @Lender, @Category, @ProductId, @Grantor,
                @PolicyVersion, @RecordedAt, @Uncapped, @VoidedAt, @VoidReason, @ReplacedBy, @GuidanceFundYuan)
        ON CONFLICT (funding_id) DO UPDATE SET
            credit_code = excluded.credit_code, voided_at = excluded.voided_at, void_reason = excluded.void_reason, replaced_by = excluded.replaced_by
        """;

    private const string RecognitionSql = """
        INSERT INTO cv_tier_recognitions (credit_code, seq, tier, tier_rank, recognized_on, valid_until, recorded_at, voided_at)
        VALUES (@CreditCode, @Seq, @Tier, @Rank, @RecognizedOn, @ValidUntil, @RecordedAt, @VoidedAt)
        ON CONFLICT (credit_code, seq) DO UPDATE SET voided_at = excluded.voided_at
        """;

    /// <summary>Projects the state after these events: the enterprise row, and every part an event names.</summary>
    public static Task ProjectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EnterpriseState state,
        IReadOnlyList<PendingEvent> events, ClusterTaxonomy taxonomy)
    {
        var batch = new SqlBatch();
        ProjectInto(batch, state, events, taxonomy);
        return batch.ExecuteAsync(connection, transaction);
    }

    /// <summary>The projection's statements, added to a batch (statements only: nothing here reads).</summary>
    public static void ProjectInto(SqlBatch batch, EnterpriseState state, IReadOnlyList<PendingEvent> events, ClusterTaxonomy taxonomy)
    {
        var withdrawn = events.Any(e => e.Type == "EnterpriseWithdrawn");
        if (withdrawn)
        {
            // A withdrawn registration leaves no read rows; a registration made afresh after it is projected whole.
            foreach (var table in new[] { "cv_tier_recognitions", "cv_enterprise_statuses", "cv_product_stages", "cv_products", "cv_funding", "cv_enterprises" })
            {
                batch.Add($"DELETE FROM {table} WHERE credit_code = @Code", new { Code = state.CreditCode });
            }

            if (!state.Registered)
            {
                return;
            }
        }

        Upsert(batch, state);
        // A withdrawn product has left the state: its read rows go.
        foreach (var gone in Parts(events, "product:").Where(id => state.Products.All(p => p.Id != id)))
        {
            batch.Add("DELETE FROM cv_product_stages WHERE product_id = @Id", new { Id = gone });
            batch.Add("DELETE FROM cv_products WHERE product_id = @Id", new { Id = gone });
        }

        var products = Parts(events, "product:").Select(id => state.Products.FirstOrDefault(p => p.Id == id)).OfType<ProductState>().ToList();
        foreach (var product in products)
        {
            Upsert(batch, state.CreditCode, product, taxonomy);
        }

        var funding = Parts(events, "funding:").Select(id => state.Funding.First(f => f.Id == id)).Select(f => new
        {
            f.Id,
            state.CreditCode,
            f.Kind,
            f.Source,
            f.Date,
            f.DatePrecision,
            f.Amount,
            f.Currency,
            f.RoundType,
            Investors = JsonSerializer.Serialize(f.Investors, EventJson.Options),
            LeadInvestor = f.Investors.FirstOrDefault(i => i.Lead)?.Name,
            f.Lender,
            f.Category,
            f.ProductId,
            f.Grantor,
            f.PolicyVersion,
            f.RecordedAt,
            f.Uncapped,
            f.VoidedAt,
            f.VoidReason,
            f.ReplacedBy,
            f.GuidanceFundYuan,
        });
        batch.AddRows(FundingSql, funding);

        if (events.Any(e => e.Subject == "status"))
        {
            batch.AddRows(
                """
                INSERT INTO cv_enterprise_statuses (credit_code, seq, status, since, destination)
                VALUES (@CreditCode, @Seq, @Status, @Since, @Destination)
                ON CONFLICT (credit_code, seq) DO NOTHING
                """,
                state.StatusHistory.Select((s, i) => new { state.CreditCode, Seq = i + 1, s.Status, s.Since, s.Destination }));
        }

        if (withdrawn || events.Any(e => e.Type is "TierRecognized" or "RecognitionVoided" or "EnterpriseAbsorbed"))
        {
            var recognitions = state.TierHistory.Select((r, i) => new
            {
                state.CreditCode,
                Seq = i + 1,
                r.Tier,
                Rank = taxonomy.FindTier(r.Tier)?.Rank ?? 0,
                r.RecognizedOn,
                r.ValidUntil,
                r.RecordedAt,
                r.VoidedAt,
            });
            batch.AddRows(RecognitionSql, recognitions);
        }
    }

    /// <summary>The ids of the parts (product:…, funding:…) these events are about.</summary>
    private static IEnumerable<string> Parts(IReadOnlyList<PendingEvent> events, string prefix) =>
        events.Select(e => e.Subject)
            .Where(s => s is not null && s.StartsWith(prefix, StringComparison.Ordinal))
            .Select(s => s![prefix.Length..])
            .Distinct();

    private static void Upsert(SqlBatch batch, string creditCode, ProductState product, ClusterTaxonomy taxonomy)
    {
        batch.Add(ProductSql, new
        {
            product.Id,
            CreditCode = creditCode,
            product.Name,
            product.Kind,
            product.RegistrationClass,
            product.Indication,
            product.InnovativeDevice,
            ClassOne = taxonomy.IsClassOne(product.RegistrationClass),
            product.Current.Stage,
            StageRank = taxonomy.FindStage(product.Current.Stage)!.Rank,
            StageDate = product.Current.Date,
            product.Version,
            product.UpdatedAt,
        });
        // An entry is current until the earliest date of any later entry (corrections may be dated earlier).
        var supersededOn = new DateOnly?[product.Stages.Count];
        DateOnly? earliestLater = null;
        for (var i = product.Stages.Count - 1; i >= 0; i--)
        {
            supersededOn[i] = earliestLater;
            var date = product.Stages[i].Date;
            earliestLater = earliestLater is { } later && later < date ? later : date;
        }

        var stages = product.Stages.Select((s, i) => new
        {
            ProductId = product.Id,
            Seq = i + 1,
            s.Stage,
            StageRank = taxonomy.FindStage(s.Stage)!.Rank,
            EnteredOn = s.Date,
            Skipped = s.Skipped.ToArray(),
            s.Correction,
            s.Reason,
            SupersededOn = supersededOn[i],
            CreditCode = creditCode,
            product.Kind,
            ClassOne = taxonomy.IsClassOne(product.RegistrationClass),
            product.InnovativeDevice,
        });
        batch.AddRows(StageSql, stages);
    }

    // The version guard makes a late replay of older events unable to overwrite a newer row.
    private const string UpsertSql = """
        INSERT INTO cv_enterprises (credit_code, name, name_en, segments, founded_on, district, headcount,
                                    revenue_yuan, rd_spend_yuan, financial_year, tier, tier_since,
                                    tier_valid_until, version, registered_at, updated_at, lead_id, status, status_since)
        VALUES (@CreditCode, @Name, @NameEn, @Segments, @FoundedOn, @District, @Headcount,
                @RevenueYuan, @RdSpendYuan, @FinancialYear, @Tier, @TierSince,
                @TierValidUntil, @Version, @RegisteredAt, @UpdatedAt, @LeadId, @Status, @StatusSince)
        ON CONFLICT (credit_code) DO UPDATE SET
            name = excluded.name, name_en = excluded.name_en, segments = excluded.segments,
            founded_on = excluded.founded_on, district = excluded.district, headcount = excluded.headcount,
            revenue_yuan = excluded.revenue_yuan, rd_spend_yuan = excluded.rd_spend_yuan,
            financial_year = excluded.financial_year, tier = excluded.tier, tier_since = excluded.tier_since,
            tier_valid_until = excluded.tier_valid_until, version = excluded.version,
            updated_at = excluded.updated_at, status = excluded.status, status_since = excluded.status_since
        WHERE cv_enterprises.version < excluded.version
        """;

    private static void Upsert(SqlBatch batch, EnterpriseState state)
    {
        var current = state.CurrentRecognition();
        batch.Add(UpsertSql, new
        {
            state.CreditCode,
            state.Name,
            state.NameEn,
            Segments = state.Segments.ToArray(),
            FoundedOn = state.FoundedOn,
            state.District,
            state.Headcount,
            state.RevenueYuan,
            state.RdSpendYuan,
            state.FinancialYear,
            Tier = current?.Tier ?? "none",
            TierSince = current?.RecognizedOn,
            TierValidUntil = current?.ValidUntil,
            state.Version,
            state.RegisteredAt,
            state.UpdatedAt,
            state.LeadId,
            state.CurrentStatus().Status,
            StatusSince = state.StatusHistory.Count > 0 ? state.StatusHistory[^1].Since : (DateOnly?)null,
        });
    }
}
