using CellValley.Grains.Products;
using CellValley.Grains.Taxonomy;

namespace CellValley.Tests.Domain;

public sealed class StageLadderTests
{
    private static readonly ClusterTaxonomy Taxonomy = ClusterTaxonomy.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static ProductState At(string stage, DateOnly date) => new()
    {
        Id = "P1",
        Name = "x",
        Kind = "antibody",
        Stages = [new StageState { Stage = stage, Date = date }],
    };

    private static IReadOnlyList<string> Fields(ProductState product, StageMove move, out IReadOnlyList<string> skipped) =>
        ProductRules.ValidateMove(product, move, Taxonomy, Today, out skipped).Select(e => e.Field).ToArray();

    [Fact]
    public void MovingOneRungForwardSkipsNothing()
    {
        Assert.Empty(Fields(At("phase-1", new(2025, 1, 1)), new StageMove("phase-2", new(2025, 6, 1), false, null, null), out var skipped));
        Assert.Empty(skipped);
    }

    [Fact]
    public void ACombinedPhaseOneTwoIsAForwardSkipThatIsRecorded()
    {
        Assert.Empty(Fields(At("clinical-approved", new(2025, 1, 1)), new StageMove("phase-2", new(2025, 3, 1), false, null, null), out var skipped));
        Assert.Equal(["phase-1"], skipped);
    }

    [Fact]
    public void AForwardMoveOnTheSameDayAsThePreviousStageIsAllowed()
    {
        Assert.Empty(Fields(At("ind-filed", new(2025, 1, 1)), new StageMove("clinical-approved", new(2025, 1, 1), false, null, null), out _));
    }

    [Fact]
    public void AForwardMoveDatedBeforeThePreviousStageIsRejected()
    {
        Assert.Equal(["date"], Fields(At("phase-1", new(2025, 5, 1)), new StageMove("phase-2", new(2025, 4, 30), false, null, null), out _));
    }

    [Fact]
    public void MovingBackwardWithoutCorrectionIsRejected()
    {
        Assert.Equal(["correction"], Fields(At("phase-2", new(2025, 5, 1)), new StageMove("phase-1", new(2025, 6, 1), false, null, null), out _));
    }

    [Fact]
    public void ACorrectionNeedsAReason()
    {
        Assert.Equal(["reason"], Fields(At("phase-2", new(2025, 5, 1)), new StageMove("phase-1", new(2025, 6, 1), true, " ", null), out _));
        Assert.Empty(Fields(At("phase-2", new(2025, 5, 1)), new StageMove("phase-1", new(2025, 6, 1), true, "II期录入有误", null), out _));
    }

    [Fact]
    public void AForwardMoveIsNotACorrection()
    {
        Assert.Equal(["correction"], Fields(At("phase-1", new(2025, 5, 1)), new StageMove("phase-2", new(2025, 6, 1), true, "x", null), out _));
    }

    [Fact]
    public void UnknownStagesAndFutureDatesAreRejected()
    {
        Assert.Equal(["stage"], Fields(At("phase-1", new(2025, 5, 1)), new StageMove("phase-4", new(2025, 6, 1), false, null, null), out _));
        Assert.Equal(["date"], Fields(At("phase-1", new(2025, 5, 1)), new StageMove("phase-2", Today.AddDays(1), false, null, null), out _));
    }

    [Theory]
    [InlineData("1类新药", true)]
    [InlineData("治疗用生物制品1类", true)]
    [InlineData("2类", false)]
    [InlineData(null, false)]
    public void ClassOneIsReadFromTheRegistrationClass(string? registrationClass, bool expected) =>
        Assert.Equal(expected, Taxonomy.IsClassOne(registrationClass));
}
