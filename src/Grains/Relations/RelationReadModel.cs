using Dapper;
using Npgsql;

namespace CellValley.Grains.Relations;

/// <summary>Keeps the relation's read-table rows in step with its grain.</summary>
internal static class RelationReadModel
{
    public static Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, string key, RelationState current) =>
        !current.Exists ? connection.ExecuteAsync("DELETE FROM cv_relations WHERE relation_id = @id", new { id }, transaction) :
        connection.ExecuteAsync(
        """
        INSERT INTO cv_relations (relation_id, grain_key, type, from_kind, from_id, to_kind, to_id, disclosure,
                                  supply_kind, note, since, until, version, updated_at, merged_at, merged_into)
        VALUES (@id, @Key, @Type, @FromKind, @FromId, @ToKind, @ToId, @Disclosure, @SupplyKind, @Note, @Since, @Until,
                @Version, @UpdatedAt, @MergedAt, @MergedInto)
        ON CONFLICT (relation_id) DO UPDATE SET
            disclosure = excluded.disclosure, supply_kind = excluded.supply_kind, note = excluded.note,
            since = excluded.since, until = excluded.until, version = excluded.version, updated_at = excluded.updated_at,
            merged_at = excluded.merged_at, merged_into = excluded.merged_into
        WHERE cv_relations.version < excluded.version
        """,
        new
        {
            id,
            Key = key,
            current.Type,
            current.FromKind,
            current.FromId,
            current.ToKind,
            current.ToId,
            current.Disclosure,
            current.SupplyKind,
            current.Note,
            current.Since,
            current.Until,
            current.Version,
            current.UpdatedAt,
            current.MergedAt,
            current.MergedInto,
        },
        transaction);
}
