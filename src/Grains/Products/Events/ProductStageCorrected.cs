using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product's stage was corrected (moved back, or its date fixed), with the reason.</summary>
public sealed record ProductStageCorrected(ProductStageMove Move) : IRegistryEvent
{
    public static string Name => "ProductStageCorrected";

    public string? Subject => "product:" + Move.ProductId;

    public IReadOnlyList<FieldChange> Changes() => Move.Changes();
}
