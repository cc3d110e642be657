using CellValley.Grains.Events;

namespace CellValley.Grains.Products.Events;

public sealed record ProductAdded(string ProductId, string ProductName, string Kind, string? RegistrationClass, string Stage, DateOnly StageDate) : IRegistryEvent
{
    public static string Name => "ProductAdded";

    public string? Subject => "product:" + ProductId;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        FieldChange.Of<string?>("productId", null, ProductId),
        FieldChange.Of<string?>("name", null, ProductName),
        FieldChange.Of<string?>("kind", null, Kind),
        FieldChange.Of("registrationClass", null, RegistrationClass),
        FieldChange.Of<string?>("stage", null, Stage),
        FieldChange.Of<DateOnly?>("stageDate", null, StageDate),
    ];
}
