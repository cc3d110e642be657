using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product's move on the development ladder: the stage and date before and after, the stages it skipped.</summary>
public sealed record ProductStageMove(
    string ProductId, string StageBefore, string Stage, DateOnly DateBefore, DateOnly Date, IReadOnlyList<string> Skipped, string? CorrectionReason)
{
    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("productId", ProductId, ProductId),
        FieldChange.Of("stage", StageBefore, Stage),
        FieldChange.Of("stageDate", DateBefore, Date),
        .. Skipped.Count > 0 ? new[] { FieldChange.Of<IReadOnlyList<string>?>("skipped", null, Skipped) } : [],
        .. CorrectionReason is null ? [] : new[] { FieldChange.Of<string?>("correctionReason", null, CorrectionReason) },
    ];
}
