using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product's fields changed, each from → to.</summary>
public sealed record ProductUpdated(string ProductId, IReadOnlyList<FieldChange> Fields) : IRegistryEvent
{
    public static string Name => "ProductUpdated";

    public string? Subject => "product:" + ProductId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("productId", ProductId, ProductId), .. Fields];
}
