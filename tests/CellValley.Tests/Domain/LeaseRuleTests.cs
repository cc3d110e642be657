using CellValley.Grains.Parks;

namespace CellValley.Tests.Domain;

public sealed class LeaseRuleTests
{
    private static readonly DateOnly Jan1 = new(2025, 1, 1);
    private static readonly DateOnly Jul1 = new(2025, 7, 1);
    private static readonly DateOnly Jan1Next = new(2026, 1, 1);

    [Fact]
    public void ALeaseEndingTheDayAnotherStartsDoesNotOverlapIt()
    {
        Assert.False(ParkRules.Overlaps(Jan1, Jul1, Jul1, Jan1Next));
        Assert.False(ParkRules.Overlaps(Jul1, Jan1Next, Jan1, Jul1));
    }

    [Fact]
    public void OneSharedDayIsAnOverlap()
    {
        Assert.True(ParkRules.Overlaps(Jan1, Jul1.AddDays(1), Jul1, Jan1Next));
        Assert.True(ParkRules.Overlaps(Jan1, Jan1Next, Jul1, Jul1.AddDays(1)));
    }

    [Theory]
    [InlineData("2024-12-31", "committed")]
    [InlineData("2025-01-01", "in-place")]
    [InlineData("2025-06-30", "in-place")]
    [InlineData("2025-07-01", "expired")]
    public void TheLeaseStateFollowsTheDates(string today, string expected) =>
        Assert.Equal(expected, ParkRules.StateOf(Jan1, Jul1, DateOnly.Parse(today)));
}
