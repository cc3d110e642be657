namespace CellValley.Grains.Relations;

/// <summary>A relation to record. For symmetric types the ends are stored in a fixed order.</summary>
[GenerateSerializer, Immutable, Alias("cv.NewRelation")]
public sealed record NewRelation(
    [property: Id(0)] string Type,
    [property: Id(1)] EntityRef From,
    [property: Id(2)] EntityRef To,
    [property: Id(3)] string Disclosure,
    [property: Id(4)] DateOnly? Since,
    [property: Id(5)] string? SupplyKind,
    [property: Id(6)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.RelationView")]
public sealed record RelationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] EntityRef From,
    [property: Id(3)] EntityRef To,
    [property: Id(4)] string Disclosure,
    [property: Id(5)] DateOnly? Since,
    [property: Id(6)] DateOnly? Until,
    [property: Id(7)] string? SupplyKind,
    [property: Id(8)] string? Note,
    [property: Id(9)] int Version,
    [property: Id(10)] bool Created);

/// <summary>A relation carried over from a merged duplicate enterprise to the surviving record, with its end date if it had ended.</summary>
[GenerateSerializer, Immutable, Alias("cv.MovedRelation")]
public sealed record MovedRelation(
    [property: Id(0)] NewRelation Relation,
    [property: Id(1)] DateOnly? Until,
    [property: Id(2)] string MovedFrom);
