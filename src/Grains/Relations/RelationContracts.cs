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

/// <summary>One relation, keyed by its type and ends, so recording it twice reaches the same grain.</summary>
public interface IRelationGrain : IGrainWithStringKey
{
    /// <summary>Records the relation; an open one is returned unchanged, an ended one is reopened.</summary>
    Task<Common.Outcome<RelationView>> LinkAsync(NewRelation relation, Common.Actor actor);

    /// <summary>Ends the relation on a date (it is never deleted).</summary>
    Task<Common.Outcome<RelationView>> EndAsync(DateOnly until, string? reason, int? expectedVersion, Common.Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<RelationView?> GetAsync();
}

public static class RelationKey
{
    /// <summary>The grain key: type and both ends, the ends sorted when the type has no direction.</summary>
    public static string For(RelationType type, EntityRef from, EntityRef to)
    {
        var (a, b) = Order(type, from, to);
        return $"rel/{type.Code}/{a}/{b}";
    }

    public static (EntityRef From, EntityRef To) Order(RelationType type, EntityRef from, EntityRef to) =>
        type.Symmetric && string.CompareOrdinal(from.ToString(), to.ToString()) > 0 ? (to, from) : (from, to);

    /// <summary>A short stable id for URLs: R + 20 hex digits of the key's SHA-256.</summary>
    public static string IdOf(string key) =>
        "R" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..20];
}
