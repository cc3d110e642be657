using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

/// <summary>A product came to this enterprise with a merged duplicate record, its stages as they were.</summary>
public sealed record ProductMovedIn(string ProductId, string From, string To) : IRegistryEvent
{
    public static string Name => "ProductMovedIn";

    public string? Subject => "product:" + ProductId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("creditCode", From, To)];
}
