using CellValley.Grains.Funding;

namespace CellValley.Tests.Domain;

public sealed class GrantCapTests
{
    private static readonly GrantPolicies Seed = GrantPolicies.LoadEmbedded();

    // An older policy with lower caps, replaced by the seed's on 2024-01-01.
    private static readonly GrantPolicies TwoVersions = new(
    [
        new GrantPolicyVersion("older", "旧政策", new DateOnly(2020, 1, 1), new DateOnly(2023, 12, 31), 20_000_000m,
        [
            new GrantCategory("phase-1", "I期", 500_000m, true, true),
            new GrantCategory("phase-2", "II期", 3_000_000m, true, true),
        ]),
        Seed.Versions.Single(),
    ]);

    private static RecordedGrant Grant(string category, decimal amount, DateOnly date, string product = "P1") => new(category, product, date, amount);

    [Fact]
    public void AGrantExactlyAtTheCapIsAccepted() =>
        Assert.Null(GrantCaps.Check(Seed, [Grant("phase-1", 400_000m, new(2025, 1, 1))], Grant("phase-1", 600_000m, new(2025, 6, 1))));

    [Fact]
    public void OneYuanOverThePerProductCapIsRefusedWithTheHeadroom()
    {
        var breach = GrantCaps.Check(Seed, [Grant("phase-1", 400_000m, new(2025, 1, 1))], Grant("phase-1", 600_001m, new(2025, 6, 1)));

        Assert.NotNull(breach);
        Assert.Contains("per-product cap for phase-1", breach.Rule);
        Assert.Equal(1_000_000m, breach.CapYuan);
        Assert.Equal(400_000m, breach.UsedYuan);
        Assert.Equal(600_000m, breach.HeadroomYuan);
    }

    [Fact]
    public void ThePerProductCapCountsOnlyTheSameProductAndCategory()
    {
        var recorded = new[] { Grant("phase-1", 1_000_000m, new(2025, 1, 1), "P1"), Grant("phase-2", 1_000_000m, new(2025, 1, 1), "P2") };
        Assert.Null(GrantCaps.Check(Seed, recorded, Grant("phase-1", 1_000_000m, new(2025, 2, 1), "P2")));
        Assert.Null(GrantCaps.Check(Seed, recorded, Grant("phase-2", 1_000_000m, new(2025, 2, 1), "P1")));
    }

    [Fact]
    public void TheAnnualCapIsFiftyMillionPerCalendarYear()
    {
        var recorded = Enumerable.Range(1, 4).Select(i => Grant("phase-3", 12_000_000m, new(2025, i, 1), $"P{i}")).ToArray();

        Assert.Null(GrantCaps.Check(Seed, recorded, Grant("phase-3", 2_000_000m, new(2025, 12, 31), "P9")));
        var breach = GrantCaps.Check(Seed, recorded, Grant("phase-3", 2_000_001m, new(2025, 12, 31), "P9"));
        Assert.NotNull(breach);
        Assert.Contains("annual cap", breach.Rule);
        Assert.Equal(2_000_000m, breach.HeadroomYuan);
    }

    [Fact]
    public void ANewCalendarYearStartsANewAnnualBudget()
    {
        var recorded = Enumerable.Range(1, 4).Select(i => Grant("phase-3", 12_500_000m, new(2025, i, 1), $"P{i}")).ToArray();
        Assert.NotNull(GrantCaps.Check(Seed, recorded, Grant("phase-2", 1m, new(2025, 12, 31), "P9")));
        Assert.Null(GrantCaps.Check(Seed, recorded, Grant("phase-2", 5_000_000m, new(2026, 1, 1), "P9")));
    }

    [Fact]
    public void UncappedCategoriesDoNotUseTheAnnualBudget()
    {
        var recorded = Enumerable.Range(1, 4).Select(i => Grant("phase-3", 12_500_000m, new(2025, i, 1), $"P{i}")).ToArray();
        Assert.Null(GrantCaps.Check(Seed, recorded, Grant("tcm-redevelopment", 10_000_000m, new(2025, 6, 1), "P9")));
        Assert.Null(GrantCaps.Check(Seed, recorded, new RecordedGrant("other", null, new(2025, 6, 1), 99_000_000m)));
    }

    [Fact]
    public void AGrantIsJudgedByThePolicyInForceOnItsDate()
    {
        var underOld = GrantCaps.Check(TwoVersions, [], Grant("phase-1", 600_000m, new(2023, 12, 31)));
        Assert.NotNull(underOld);
        Assert.Equal("older", underOld.PolicyVersion);
        Assert.Equal(500_000m, underOld.CapYuan);

        Assert.Null(GrantCaps.Check(TwoVersions, [], Grant("phase-1", 600_000m, new(2024, 1, 1))));
    }

    [Fact]
    public void TheOlderVersionsAnnualCapAppliesToItsYears()
    {
        var recorded = Enumerable.Range(1, 6).Select(i => Grant("phase-2", 3_000_000m, new(2023, i, 1), $"P{i}")).ToArray();
        var breach = GrantCaps.Check(TwoVersions, recorded, Grant("phase-2", 2_000_001m, new(2023, 9, 1), "P9"));
        Assert.NotNull(breach);
        Assert.Equal(20_000_000m, breach.CapYuan);
    }

    [Fact]
    public void TheSeedPolicyCarriesTheCapsOfTheDocument()
    {
        var policy = Seed.InForceOn(new DateOnly(2025, 1, 1))!;
        Assert.Equal(50_000_000m, policy.AnnualCapYuan);
        Assert.Equal(1_000_000m, policy.Find("preclinical")!.CapYuan);
        Assert.Equal(1_000_000m, policy.Find("phase-1")!.CapYuan);
        Assert.Equal(5_000_000m, policy.Find("phase-2")!.CapYuan);
        Assert.Equal(15_000_000m, policy.Find("phase-3")!.CapYuan);
        Assert.Equal(2_000_000m, policy.Find("innovative-device")!.CapYuan);
        Assert.Equal(5_000_000m, policy.Find("innovative-device-clinical")!.CapYuan);
        Assert.Equal(1_000_000m, policy.Find("post-market-study")!.CapYuan);
        Assert.Equal(10_000_000m, policy.Find("tcm-redevelopment")!.CapYuan);
    }
}
