using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product added by mistake (an import reverted) was withdrawn: it leaves the pipeline; its history stays.</summary>
public sealed record ProductWithdrawn(string ProductId, string Product, string Reason) : IRegistryEvent
{
    public static string Name => "ProductWithdrawn";

    public string? Subject => "product:" + ProductId;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of("productId", ProductId, ProductId),
        FieldChange.Of<string?>("name", Product, null),
        FieldChange.Of<string?>("reason", null, Reason),
    ];
}
