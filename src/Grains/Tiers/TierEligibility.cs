using System.Globalization;

namespace CellValley.Grains.Tiers;

/// <summary>What the engine knows of an enterprise; null means the registry does not know.</summary>
public sealed record EligibilityFacts(
    DateOnly? FoundedOn,
    decimal? RevenueYuan,
    decimal? RdSpendYuan,
    int? FinancialYear,
    int? Headcount,
    int? IpClass1Items,
    int? IpClass2Items,
    bool? HighTechEnterprise,
    bool? StateOrProvincialProject,
    decimal? LargestEquityRoundYuan);

/// <summary>met, not-met, or unknown (a fact or a threshold is missing).</summary>
public static class ClauseStatus
{
    public const string Met = "met";
    public const string NotMet = "not-met";
    public const string Unknown = "unknown";
}

[GenerateSerializer, Immutable, Alias("cv.ClauseResult")]
public sealed record ClauseResult(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Threshold,
    [property: Id(4)] string? Actual,
    [property: Id(5)] string? Note,
    [property: Id(6)] IReadOnlyList<ClauseResult>? AnyOf);

/// <summary>The verdict for one tier: the rule set used and each clause with the values it used.</summary>
[GenerateSerializer, Immutable, Alias("cv.TierVerdict")]
public sealed record TierVerdict(
    [property: Id(0)] string Tier,
    [property: Id(1)] string RuleSet,
    [property: Id(2)] string Title,
    [property: Id(3)] string Status,
    [property: Id(4)] IReadOnlyList<ClauseResult> Clauses);

/// <summary>Evaluates an enterprise's facts against a rule set, clause by clause.</summary>
public static class TierEligibility
{
    public static TierVerdict Evaluate(RuleSet ruleSet, IReadOnlyDictionary<string, decimal?> overrides, EligibilityFacts facts, DateOnly today)
    {
        var results = ruleSet.Clauses.Select(c => Evaluate(c, overrides, facts, today)).ToArray();
        return new TierVerdict(ruleSet.Tier, ruleSet.Id, ruleSet.Title, AllOf(results.Select(r => r.Status)), results);
    }

    private static ClauseResult Evaluate(Clause clause, IReadOnlyDictionary<string, decimal?> overrides, EligibilityFacts f, DateOnly today)
    {
        if (clause.AnyOf is { } alternatives)
        {
            var parts = alternatives.Select(a => Evaluate(a, overrides, f, today)).ToArray();
            return new ClauseResult(clause.Id, clause.Text, AnyOf(parts.Select(p => p.Status)), null, null, null, parts);
        }

        var threshold = overrides.TryGetValue(clause.Id, out var set) ? set : clause.Value;
        if (clause.Kind != "flag" && threshold is null)
        {
            return Result(ClauseStatus.Unknown, null, null, "threshold not set: an admin sets it from the current rules");
        }

        var t = threshold.GetValueOrDefault();
        switch (clause.Kind)
        {
            case "maxYearsSinceFounding":
                if (f.FoundedOn is not { } founded)
                {
                    return Missing("foundedOn");
                }

                var limit = founded.AddYears((int)t);
                return Result(today <= limit ? ClauseStatus.Met : ClauseStatus.NotMet, $"≤ {t:0} years", $"founded {founded:yyyy-MM-dd}",
                    $"{t:0} years run to {limit:yyyy-MM-dd}");

            case "minPriorYearRevenueYuan":
                if (f.RevenueYuan is not { } revenue || f.FinancialYear is not { } year)
                {
                    return Missing("revenueYuan and financialYear");
                }

                if (year != today.Year - 1)
                {
                    return Result(ClauseStatus.Unknown, $"≥ ¥{t:N0} in {today.Year - 1}", $"¥{revenue:N0} in {year}",
                        $"the profile's figures are for {year}; {today.Year - 1} is needed");
                }

                return Compare(revenue >= t, $"≥ ¥{t:N0} in {year}", $"¥{revenue:N0} in {year}");

            case "minRdIntensityPercent":
                if (f.RevenueYuan is not { } income || f.RdSpendYuan is not { } rd || income == 0)
                {
                    return Missing("revenueYuan and rdSpendYuan");
                }

                var percent = Math.Round(rd / income * 100, 2);
                return Compare(percent >= t, $"≥ {t.ToString("0.##", CultureInfo.InvariantCulture)}%", $"{percent.ToString("0.##", CultureInfo.InvariantCulture)}%");

            case "minHeadcount":
                return f.Headcount is { } heads ? Compare(heads >= t, $"≥ {t:0}", $"{heads}") : Missing("headcount");

            case "minIpClass1Items":
                return f.IpClass1Items is { } ip1 ? Compare(ip1 >= t, $"≥ {t:0}", $"{ip1}") : Missing("qualifications.ipClass1Items");

            case "minIpClass2Items":
                return f.IpClass2Items is { } ip2 ? Compare(ip2 >= t, $"≥ {t:0}", $"{ip2}") : Missing("qualifications.ipClass2Items");

            case "minSingleEquityRoundYuan":
                return f.LargestEquityRoundYuan is { } round
                    ? Compare(round >= t, $"≥ ¥{t:N0}", $"largest round ¥{round:N0}")
                    : Result(ClauseStatus.NotMet, $"≥ ¥{t:N0}", "no equity round in CNY recorded", null);

            case "flag":
                var value = clause.Field switch
                {
                    "highTechEnterprise" => f.HighTechEnterprise,
                    "stateOrProvincialProject" => f.StateOrProvincialProject,
                    _ => null,
                };
                return value is { } flag
                    ? Compare(flag, "yes", flag ? "yes" : "no")
                    : Missing($"qualifications.{clause.Field}");

            default:
                return Result(ClauseStatus.Unknown, null, null, $"clause kind '{clause.Kind}' is not known to this version of the engine");
        }

        ClauseResult Compare(bool met, string thresholdText, string actual) =>
            Result(met ? ClauseStatus.Met : ClauseStatus.NotMet, thresholdText, actual, null);

        ClauseResult Missing(string field) => Result(ClauseStatus.Unknown,
            threshold is { } value ? "≥ " + value.ToString("0.##", CultureInfo.InvariantCulture) : null, null, $"the profile does not give {field}");

        ClauseResult Result(string status, string? thresholdText, string? actual, string? note) =>
            new(clause.Id, clause.Text, status, thresholdText, actual, note, null);
    }

    private static string AllOf(IEnumerable<string> statuses)
    {
        var all = statuses.ToArray();
        return all.Contains(ClauseStatus.NotMet) ? ClauseStatus.NotMet
            : all.Contains(ClauseStatus.Unknown) ? ClauseStatus.Unknown
            : ClauseStatus.Met;
    }

    private static string AnyOf(IEnumerable<string> statuses)
    {
        var all = statuses.ToArray();
        return all.Contains(ClauseStatus.Met) ? ClauseStatus.Met
            : all.Contains(ClauseStatus.Unknown) ? ClauseStatus.Unknown
            : ClauseStatus.NotMet;
    }
}
