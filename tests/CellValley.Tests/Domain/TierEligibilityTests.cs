using CellValley.Grains.Tiers;

namespace CellValley.Tests.Domain;

public sealed class TierEligibilityTests
{
    private static readonly TierCriteria Criteria = TierCriteria.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly RuleSet Eaglet = Criteria.InForce("eaglet", Today)!;
    private static readonly Dictionary<string, decimal?> NoOverrides = [];

    private static EligibilityFacts Facts(
        DateOnly? founded = null, decimal? revenue = 500_000m, int? year = 2025, int? ip1 = null, int? ip2 = null,
        bool? highTech = null, bool? project = null, decimal? round = null) =>
        new(founded ?? new DateOnly(2021, 5, 1), revenue, 50_000m, year, 20, ip1, ip2, highTech, project, round);

    private static string Status(TierVerdict verdict, string clause) =>
        verdict.Clauses.SelectMany(c => c.AnyOf is null ? [c] : c.AnyOf.Prepend(c)).Single(c => c.Id == clause).Status;

    [Fact]
    public void AYoungEnterpriseWithRevenueAndAHighTechCertificateIsAnEaglet()
    {
        var verdict = TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(highTech: true), Today);
        Assert.Equal(ClauseStatus.Met, verdict.Status);
        Assert.Equal(ClauseStatus.Met, Status(verdict, "innovation"));
        Assert.Equal(ClauseStatus.Unknown, Status(verdict, "ip-class1"));
    }

    [Fact]
    public void MoreThanEightYearsSinceFoundingIsNotMet()
    {
        var verdict = TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(founded: new DateOnly(2018, 11, 21), highTech: true), Today);
        Assert.Equal(ClauseStatus.NotMet, Status(verdict, "age"));
        Assert.Equal(ClauseStatus.NotMet, verdict.Status);
        Assert.Equal(ClauseStatus.Met, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(founded: new DateOnly(2018, 11, 22), highTech: true), Today), "age"));
    }

    [Fact]
    public void RevenueBelowOneHundredThousandIsNotMetAndAnotherYearIsUnknown()
    {
        Assert.Equal(ClauseStatus.NotMet, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(revenue: 99_999m), Today), "revenue"));
        Assert.Equal(ClauseStatus.Met, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(revenue: 100_000m), Today), "revenue"));
        var stale = TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(year: 2023), Today).Clauses.Single(c => c.Id == "revenue");
        Assert.Equal(ClauseStatus.Unknown, stale.Status);
        Assert.Contains("2025 is needed", stale.Note!.English);
        Assert.Equal("FiguresForYear", stale.Note.Code);
        Assert.Equal(["2023", "2025"], stale.Note.Args);
    }

    [Fact]
    public void OneInnovationAlternativeSuffices()
    {
        Assert.Equal(ClauseStatus.Met, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(ip2: 2), Today), "innovation"));
        Assert.Equal(ClauseStatus.Met, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(round: 1_000_000m), Today), "innovation"));
        Assert.Equal(ClauseStatus.Met, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, Facts(project: true), Today), "innovation"));
    }

    [Fact]
    public void AllAlternativesFailingIsNotMetAndAnyMissingIsUnknown()
    {
        var none = Facts(ip1: 0, ip2: 1, highTech: false, project: false, round: 999_999m);
        Assert.Equal(ClauseStatus.NotMet, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, none, Today), "innovation"));
        var missing = none with { HighTechEnterprise = null };
        Assert.Equal(ClauseStatus.Unknown, Status(TierEligibility.Evaluate(Eaglet, NoOverrides, missing, Today), "innovation"));
    }

    [Fact]
    public void UnpublishedThresholdsAreUnknownUntilAnAdminSetsThem()
    {
        var gazelle = Criteria.InForce("gazelle", Today)!;
        var facts = Facts(highTech: true) with { RevenueYuan = 30_000_000m, RdSpendYuan = 3_000_000m };

        var before = TierEligibility.Evaluate(gazelle, NoOverrides, facts, Today);
        Assert.Equal(ClauseStatus.Unknown, Status(before, "revenue"));
        Assert.Equal("NotSet", before.Clauses.Single(c => c.Id == "revenue").Note!.Code);

        var set = new Dictionary<string, decimal?> { ["revenue"] = 20_000_000m, ["rd-intensity"] = 12m };
        var after = TierEligibility.Evaluate(gazelle, set, facts, Today);
        Assert.Equal(ClauseStatus.Met, Status(after, "revenue"));
        Assert.Equal(ClauseStatus.NotMet, Status(after, "rd-intensity"));
        Assert.Equal("10%", after.Clauses.Single(c => c.Id == "rd-intensity").Actual!.English);
    }
}
