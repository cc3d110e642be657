using Dapper;
using Npgsql;

namespace CellValley.Grains.Institutions;

/// <summary>Keeps the institution's read-table rows in step with its grain.</summary>
internal static class InstitutionReadModel
{
    public static Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, InstitutionState current) =>
        !current.Registered ? connection.ExecuteAsync("DELETE FROM cv_institutions WHERE institution_id = @id", new { id }, transaction) :
        connection.ExecuteAsync(
        """
        INSERT INTO cv_institutions (institution_id, name, kind, city, version, updated_at)
        VALUES (@id, @Name, @Kind, @City, @Version, @UpdatedAt)
        ON CONFLICT (institution_id) DO UPDATE SET
            name = excluded.name, kind = excluded.kind, city = excluded.city,
            version = excluded.version, updated_at = excluded.updated_at
        WHERE cv_institutions.version < excluded.version
        """,
        new { id, current.Name, current.Kind, current.City, current.Version, current.UpdatedAt },
        transaction);
}
