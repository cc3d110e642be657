using Dapper;
using Npgsql;

namespace CellValley.Api.Common;

/// <summary>A record named "kind:ref" as the registry holds it: the enterprise, park or department whose rules decide who reads or changes it.</summary>
public sealed record RegistryRecord(string Kind, string Ref, string? Code, string? Park, string? Department)
{
    public override string ToString() => $"{Kind}:{Ref}";
}

/// <summary>
/// Finds the records evidence and attachments name ("kind:ref"), from the read tables: each kind with how to find it and the
/// enterprise, park or department it belongs to. Each feature admits the kinds it takes.
/// </summary>
public static class RegistryRecords
{
    private static readonly Dictionary<string, string> Lookups = new()
    {
        ["enterprise"] = "SELECT credit_code AS Code, NULL AS Park, NULL AS Department FROM cv_enterprises WHERE credit_code = @ref",
        ["recognition"] = "SELECT credit_code AS Code, NULL AS Park, NULL AS Department FROM cv_tier_recognitions WHERE credit_code || '/' || seq = @ref",
        ["funding"] = "SELECT credit_code AS Code, NULL AS Park, NULL AS Department FROM cv_funding WHERE funding_id = @ref",
        ["product"] = "SELECT credit_code AS Code, NULL AS Park, NULL AS Department FROM cv_products WHERE product_id = @ref",
        ["lease"] = "SELECT tenant_code AS Code, park_id AS Park, NULL AS Department FROM cv_leases WHERE lease_id = @ref",
        ["park"] = "SELECT NULL AS Code, park_id AS Park, NULL AS Department FROM cv_parks WHERE park_id = @ref",
        ["platform"] = "SELECT NULL AS Code, park_id AS Park, NULL AS Department FROM cv_platforms WHERE platform_id = @ref",
        ["institution"] = "SELECT NULL AS Code, NULL AS Park, NULL AS Department FROM cv_institutions WHERE institution_id = @ref",
        ["lead"] = "SELECT NULL AS Code, NULL AS Park, NULL AS Department FROM cv_leads WHERE lead_id = @ref",
        ["proposal"] = "SELECT credit_code AS Code, NULL AS Park, NULL AS Department FROM cv_proposals WHERE proposal_id = @ref",
        ["planreport"] = "SELECT NULL AS Code, NULL AS Park, department AS Department FROM cv_plan_reports WHERE plan_id || '/' || item || '/' || quarter = @ref",
    };

    /// <summary>Splits "kind:ref" when the kind is one of those admitted; false otherwise.</summary>
    public static bool TryParse(string? text, IReadOnlyCollection<string> kinds, out string kind, out string reference)
    {
        (kind, reference) = ("", "");
        var colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1 || text.Length > 200 || !kinds.Contains(text[..colon]))
        {
            return false;
        }

        kind = text[..colon];
        reference = text[(colon + 1)..].Trim();
        if (kind is "enterprise" or "recognition")
        {
            reference = reference.ToUpperInvariant();
        }

        return true;
    }

    /// <summary>The record, if the registry holds it.</summary>
    public static async Task<RegistryRecord?> FindAsync(NpgsqlConnection connection, string kind, string reference)
    {
        var found = await connection.QuerySingleOrDefaultAsync<(string? Code, string? Park, string? Department)?>(Lookups[kind], new { @ref = reference });
        return found is { } f ? new RegistryRecord(kind, reference, f.Code?.Trim(), f.Park, f.Department) : null;
    }
}
