using Dapper;
using Npgsql;

namespace CellValley.Grains.Enterprises;

/// <summary>Keeps the cv_enterprises read row in step with the grain state.</summary>
internal static class EnterpriseReadModel
{
    // The version guard makes a late replay of older events unable to overwrite a newer row.
    private const string UpsertSql = """
        INSERT INTO cv_enterprises (credit_code, name, name_en, segments, founded_on, district, headcount,
                                    revenue_yuan, rd_spend_yuan, financial_year, tier, tier_since,
                                    tier_valid_until, version, registered_at, updated_at)
        VALUES (@CreditCode, @Name, @NameEn, @Segments, @FoundedOn, @District, @Headcount,
                @RevenueYuan, @RdSpendYuan, @FinancialYear, @Tier, @TierSince,
                @TierValidUntil, @Version, @RegisteredAt, @UpdatedAt)
        ON CONFLICT (credit_code) DO UPDATE SET
            name = excluded.name, name_en = excluded.name_en, segments = excluded.segments,
            founded_on = excluded.founded_on, district = excluded.district, headcount = excluded.headcount,
            revenue_yuan = excluded.revenue_yuan, rd_spend_yuan = excluded.rd_spend_yuan,
            financial_year = excluded.financial_year, tier = excluded.tier, tier_since = excluded.tier_since,
            tier_valid_until = excluded.tier_valid_until, version = excluded.version,
            updated_at = excluded.updated_at
        WHERE cv_enterprises.version < excluded.version
        """;

    public static Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EnterpriseState state)
    {
        var current = state.CurrentRecognition();
        return connection.ExecuteAsync(UpsertSql, new
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
        }, transaction);
    }
}
