using CellValley.Grains.Funding;
using CellValley.Grains.Tiers;

namespace CellValley.Grains.Enterprises;

/// <summary>The tier-eligibility engine, applied to this enterprise.</summary>
public sealed partial class EnterpriseGrain
{
    public async Task<IReadOnlyList<TierVerdict>?> EvaluateEligibilityAsync(DateOnly? asOf = null)
    {
        if (!S.Registered)
        {
            return null;
        }

        var verdicts = new List<TierVerdict>();
        foreach (var tier in taxonomy.Tiers.Where(t => t.Rank > 0))
        {
            if (await EvaluateAsync(tier.Code, asOf ?? Today) is { } verdict)
            {
                verdicts.Add(verdict);
            }
        }

        return verdicts;
    }

    /// <summary>
    /// The verdict for one tier as of a day, under the rule set in force that day (null if none was): the
    /// founding date and the rounds dated by then; the yearly figures and qualifications are the profile's
    /// (a figure for another year than the rule asks about is judged unknown, not met).
    /// </summary>
    private async Task<TierVerdict?> EvaluateAsync(string tier, DateOnly asOf)
    {
        var ruleSet = tierCriteria.InForce(tier, asOf);
        if (ruleSet is null)
        {
            return null;
        }

        var parameters = await GrainFactory.Ref<ITierCriteriaGrain>(TierCriteriaKey.For(ruleSet.Id)).GetAsync();
        return TierEligibility.Evaluate(ruleSet, parameters.Overrides, Facts(asOf), asOf);
    }

    private EligibilityFacts Facts(DateOnly asOf)
    {
        var largestRound = S.Funding
            .Where(f => f.Kind == FundingRules.Equity && f.Currency == "CNY" && f.Counts && f.Date <= asOf)
            .Select(f => (decimal?)f.Amount)
            .Max();
        var q = S.Qualifications;
        return new EligibilityFacts(S.FoundedOn, S.RevenueYuan, S.RdSpendYuan, S.FinancialYear, S.Headcount,
            q?.IpClass1Items, q?.IpClass2Items, q?.HighTechEnterprise, q?.StateOrProvincialProject, largestRound);
    }
}
