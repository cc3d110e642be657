using CellValley.Grains.Enterprises;
using CellValley.Grains.Taxonomy;

namespace CellValley.Tests.Domain;

public sealed class EnterpriseRulesTests
{
    private static readonly ClusterTaxonomy Taxonomy = ClusterTaxonomy.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static EnterpriseProfile Profile(params string[] segments) =>
        new("示例生物科技有限公司", null, segments.Length == 0 ? ["细胞治疗"] : segments, null, null, null, null, null, null, []);

    [Fact]
    public void TheSmallestProfileIsValid() => Assert.Empty(EnterpriseRules.Validate(Profile(), Taxonomy, Today));

    [Fact]
    public void AnUnknownSegmentIsNamedByItsIndex()
    {
        var errors = EnterpriseRules.Validate(Profile("细胞治疗", "炼金术"), Taxonomy, Today);
        Assert.Contains(errors, e => e.Field == "segments[1]" && e.Rule.Contains("炼金术"));
    }

    [Fact]
    public void AFoundingDateInTheFutureIsRejected()
    {
        var errors = EnterpriseRules.Validate(Profile() with { FoundedOn = Today.AddDays(1) }, Taxonomy, Today);
        Assert.Contains(errors, e => e.Field == "foundedOn" && e.Rule.Contains("future"));
        Assert.Empty(EnterpriseRules.Validate(Profile() with { FoundedOn = Today }, Taxonomy, Today));
    }

    [Fact]
    public void NegativeFiguresAreRejectedFieldByField()
    {
        var errors = EnterpriseRules.Validate(Profile() with { Headcount = -1, RevenueYuan = -0.01m, RdSpendYuan = -5 }, Taxonomy, Today);
        Assert.Equal(["headcount", "revenueYuan", "rdSpendYuan"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void OverlongTextAndBadContactsAreRejected()
    {
        var profile = Profile() with
        {
            Name = new string('名', EnterpriseRules.NameMax + 1),
            Contacts = [new Contact("", null, "phone!", "not-an-email")],
        };
        var fields = EnterpriseRules.Validate(profile, Taxonomy, Today).Select(e => e.Field).ToArray();
        Assert.Equal(["name", "contacts[0].name", "contacts[0].phone", "contacts[0].email"], fields);
    }

    [Fact]
    public void ApplyingChangesKeepsUntouchedFieldsAndClearsBlankText()
    {
        var before = Profile() with { District = "滨海高新区", Headcount = 10 };
        var after = EnterpriseRules.Normalize(EnterpriseRules.Apply(before, new ProfileChanges(District: "", Headcount: 12)));
        Assert.Null(after.District);
        Assert.Equal(12, after.Headcount);
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Segments, after.Segments);
    }

    [Theory]
    [InlineData("eaglet")]
    [InlineData("雏鹰")]
    [InlineData("瞪羚")]
    [InlineData("leader-candidate")]
    [InlineData("领军")]
    [InlineData("none")]
    public void TiersAreKnownByCodeOrChineseName(string tier)
    {
        var errors = EnterpriseRules.Validate(new RecognizeTier(tier, Today, null, "天津市科学技术局", null, null), Taxonomy, Today);
        Assert.Empty(errors);
    }

    [Fact]
    public void ARecognitionNeedsAKnownTierASourceAndAValidityAfterItsDate()
    {
        var errors = EnterpriseRules.Validate(new RecognizeTier("凤凰", Today.AddDays(1), null, "", null, Today), Taxonomy, Today);
        Assert.Equal(["tier", "recognizedOn", "validUntil", "source"], errors.Select(e => e.Field).ToArray());
    }
}
