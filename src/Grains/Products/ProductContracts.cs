namespace CellValley.Grains.Products;

/// <summary>A new product (产品) of an enterprise; its first stage defaults to discovery, today.</summary>
[GenerateSerializer, Immutable, Alias("cv.NewProduct")]
public sealed record NewProduct(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? RegistrationClass,
    [property: Id(3)] string? Indication,
    [property: Id(4)] bool InnovativeDevice,
    [property: Id(5)] string? Stage,
    [property: Id(6)] DateOnly? StageDate);

/// <summary>Changes to a product's description; null leaves a field, "" clears an optional one.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProductChanges")]
public sealed record ProductChanges(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? Kind = null,
    [property: Id(2)] string? RegistrationClass = null,
    [property: Id(3)] string? Indication = null,
    [property: Id(4)] bool? InnovativeDevice = null);

/// <summary>A stage change: forward (skips allowed and recorded) or, as a correction with a reason, backward.</summary>
[GenerateSerializer, Immutable, Alias("cv.StageMove")]
public sealed record StageMove(
    [property: Id(0)] string Stage,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] bool Correction,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? Note);

/// <summary>One dated entry of a product's stage history.</summary>
[GenerateSerializer, Immutable, Alias("cv.StageEntry")]
public sealed record StageEntry(
    [property: Id(0)] string Stage,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] IReadOnlyList<string> Skipped,
    [property: Id(3)] bool Correction,
    [property: Id(4)] string? Reason,
    [property: Id(5)] string? Note,
    [property: Id(6)] string RecordedBy,
    [property: Id(7)] DateTimeOffset RecordedAt);

/// <summary>A product as its enterprise's grain holds it.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProductView")]
public sealed record ProductView(
    [property: Id(0)] string Id,
    [property: Id(1)] string CreditCode,
    [property: Id(2)] string Name,
    [property: Id(3)] string Kind,
    [property: Id(4)] string? RegistrationClass,
    [property: Id(5)] string? Indication,
    [property: Id(6)] bool InnovativeDevice,
    [property: Id(7)] bool ClassOne,
    [property: Id(8)] string Stage,
    [property: Id(9)] DateOnly StageDate,
    [property: Id(10)] IReadOnlyList<StageEntry> Stages,
    [property: Id(11)] int Version,
    [property: Id(12)] DateTimeOffset UpdatedAt);
