using CellValley.Grains.Common;

namespace CellValley.Grains.Relations;

/// <summary>One relation, keyed by its type and ends, so recording it twice reaches the same grain.</summary>
public interface IRelationGrain : IGrainWithStringKey
{
    /// <summary>Records the relation; an open one is returned unchanged, an ended one is reopened.</summary>
    Task<Common.Outcome<RelationView>> LinkAsync(NewRelation relation, Common.Actor actor);

    /// <summary>Ends the relation on a date (it is never deleted).</summary>
    /// <summary>Withdraws a relation recorded by mistake (an import reverted), at the version it was left at.</summary>
    Task<Common.Outcome<RelationView>> WithdrawAsync(string reason, int expectedVersion, Common.Actor actor);

    Task<Common.Outcome<RelationView>> EndAsync(DateOnly until, string? reason, int? expectedVersion, Common.Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<RelationView?> GetAsync();

    /// <summary>Carries the relation over from a merged duplicate enterprise to the surviving record.</summary>
    Task MergeAsync(string duplicate, string survivor, Common.Actor actor);

    /// <summary>Takes on a relation carried over from a merged duplicate (kept as it is if this relation exists).</summary>
    Task AdoptAsync(MovedRelation moved, Common.Actor actor);
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
