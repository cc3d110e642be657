using CellValley.Grains.Funding;
using CellValley.Grains.Tiers;

namespace CellValley.Grains.Enterprises;

/// <summary>The tier-eligibility engine, applied to this enterprise.</summary>
public sealed partial class EnterpriseGrain
{
    public async Task<IReadOnlyList<TierVerdict>?> EvaluateEligibilityAsync()
    {
        if (!S.Registered)
        {
            return null;
        }

        var verdicts = new List<TierVerdict>();
        foreach (var tier in taxonomy.Tiers.Where(t => t.Rank > 0))
        {
            if (await EvaluateAsync(tier.Code) is { } verdict)
            {
                verdicts.Add(verdict);
            }
        }

        return verdicts;
    }

    /// <summary>The verdict for one tier under the rule set in force today, or null if none is.</summary>
    private async Task<TierVerdict?> EvaluateAsync(string tier)
    {
        var today = Today;
        var ruleSet = tierCriteria.InForce(tier, today);
        if (ruleSet is null)
        {
            return null;
        }

        var parameters = await GrainFactory.GetGrain<ITierCriteriaGrain>(TierCriteriaKey.For(ruleSet.Id)).GetAsync();
        return TierEligibility.Evaluate(ruleSet, parameters.Overrides, Facts(), today);
    }

    private EligibilityFacts Facts()
    {
        var largestRound = S.Funding
            .Where(f => f.Kind == FundingRules.Equity && f.Currency == "CNY")
            .Select(f => (decimal?)f.Amount)
            .Max();
        var q = S.Qualifications;
        return new EligibilityFacts(S.FoundedOn, S.RevenueYuan, S.RdSpendYuan, S.FinancialYear, S.Headcount,
            q?.IpClass1Items, q?.IpClass2Items, q?.HighTechEnterprise, q?.StateOrProvincialProject, largestRound);
    }
}
