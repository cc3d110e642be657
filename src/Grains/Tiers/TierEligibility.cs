using System.Globalization;
using CellValley.Grains.Common;

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
    [property: Id(3)] Phrase? Threshold,
    [property: Id(4)] Phrase? Actual,
    [property: Id(5)] Phrase? Note,
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
            return Result(ClauseStatus.Unknown, null, null, Phrase.Of("NotSet", "threshold not set: an admin sets it from the current rules"));
        }

        var t = threshold.GetValueOrDefault();
        switch (clause.Kind)
        {
            case "maxYearsSinceFounding":
                if (f.FoundedOn is not { } founded)
                {
                    return Missing("Founded", "foundedOn");
                }

                var limit = founded.AddYears((int)t);
                return Result(today <= limit ? ClauseStatus.Met : ClauseStatus.NotMet, Phrase.Of("AtMostYears", $"≤ {t:0} years", N(t)),
                    Phrase.Of("Founded", $"founded {D(founded)}", D(founded)), Phrase.Of("YearsRunTo", $"{t:0} years run to {D(limit)}", N(t), D(limit)));

            case "minPriorYearRevenueYuan":
                if (f.RevenueYuan is not { } revenue || f.FinancialYear is not { } year)
                {
                    return Missing("RevenueAndYear", "revenueYuan and financialYear");
                }

                if (year != today.Year - 1)
                {
                    return Result(ClauseStatus.Unknown, Phrase.Of("AtLeastYuanIn", $"≥ ¥{t:N0} in {today.Year - 1}", M(t), Y(today.Year - 1)),
                        Phrase.Of("YuanIn", $"¥{revenue:N0} in {year}", M(revenue), Y(year)),
                        Phrase.Of("FiguresForYear", $"the profile's figures are for {year}; {today.Year - 1} is needed", Y(year), Y(today.Year - 1)));
                }

                return Compare(revenue >= t, Phrase.Of("AtLeastYuanIn", $"≥ ¥{t:N0} in {year}", M(t), Y(year)), Phrase.Of("YuanIn", $"¥{revenue:N0} in {year}", M(revenue), Y(year)));

            case "minRdIntensityPercent":
                if (f.RevenueYuan is not { } income || f.RdSpendYuan is not { } rd || income == 0)
                {
                    return Missing("RevenueAndRd", "revenueYuan and rdSpendYuan");
                }

                var percent = Math.Round(rd / income * 100, 2);
                return Compare(percent >= t, Phrase.Of("AtLeastPercent", $"≥ {N(t)}%", N(t)), Phrase.Of("Percent", $"{N(percent)}%", N(percent)));

            case "minHeadcount":
                return f.Headcount is { } heads ? Compare(heads >= t, AtLeast(t), Count(heads)) : Missing("Headcount", "headcount");

            case "minIpClass1Items":
                return f.IpClass1Items is { } ip1 ? Compare(ip1 >= t, AtLeast(t), Count(ip1)) : Missing("IpClass1", "qualifications.ipClass1Items");

            case "minIpClass2Items":
                return f.IpClass2Items is { } ip2 ? Compare(ip2 >= t, AtLeast(t), Count(ip2)) : Missing("IpClass2", "qualifications.ipClass2Items");

            case "minSingleEquityRoundYuan":
                return f.LargestEquityRoundYuan is { } round
                    ? Compare(round >= t, Phrase.Of("AtLeastYuan", $"≥ ¥{t:N0}", M(t)), Phrase.Of("LargestRound", $"largest round ¥{round:N0}", M(round)))
                    : Result(ClauseStatus.NotMet, Phrase.Of("AtLeastYuan", $"≥ ¥{t:N0}", M(t)), Phrase.Of("NoRound", "no equity round in CNY recorded"), null);

            case "flag":
                var value = clause.Field switch
                {
                    "highTechEnterprise" => f.HighTechEnterprise,
                    "stateOrProvincialProject" => f.StateOrProvincialProject,
                    _ => null,
                };
                return value is { } flag
                    ? Compare(flag, Phrase.Of("Yes", "yes"), flag ? Phrase.Of("Yes", "yes") : Phrase.Of("No", "no"))
                    : Missing(clause.Field == "highTechEnterprise" ? "HighTech" : "StateProject", $"qualifications.{clause.Field}");

            default:
                return Result(ClauseStatus.Unknown, null, null, Phrase.Of("UnknownKind", $"clause kind '{clause.Kind}' is not known to this version of the engine", clause.Kind));
        }

        ClauseResult Compare(bool met, Phrase thresholdText, Phrase actual) =>
            Result(met ? ClauseStatus.Met : ClauseStatus.NotMet, thresholdText, actual, null);

        // The profile lacks the fact: the note names it (Missing.* in the messages, the field's JSON path in English).
        ClauseResult Missing(string what, string field) => Result(ClauseStatus.Unknown,
            threshold is { } value ? AtLeast(value) : null, null, Phrase.Of("Missing" + what, $"the profile does not give {field}"));

        ClauseResult Result(string status, Phrase? thresholdText, Phrase? actual, Phrase? note) =>
            new(clause.Id, clause.Text, status, thresholdText, actual, note, null);

        static Phrase AtLeast(decimal value) => Phrase.Of("AtLeast", $"≥ {N(value)}", N(value));

        static Phrase Count(decimal value) => Phrase.Of("Value", N(value), N(value));
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

    private static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string M(decimal yuan) => yuan.ToString("N0", CultureInfo.InvariantCulture);

    private static string Y(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
