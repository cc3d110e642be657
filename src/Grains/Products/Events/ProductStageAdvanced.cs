using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product moved forward on its ladder (perhaps skipping stages).</summary>
public sealed record ProductStageAdvanced(ProductStageMove Move) : IRegistryEvent
{
    public static string Name => "ProductStageAdvanced";

    public string? Subject => "product:" + Move.ProductId;

    public IReadOnlyList<FieldChange> Changes() => Move.Changes();
}
