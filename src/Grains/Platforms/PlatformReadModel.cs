using Dapper;
using Npgsql;

namespace CellValley.Grains.Platforms;

/// <summary>Keeps the platform's read-table rows in step with its grain.</summary>
internal static class PlatformReadModel
{
    public static async Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, PlatformState current)
    {
        if (!current.Exists)
        {
            await connection.ExecuteAsync("DELETE FROM cv_platform_statuses WHERE platform_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM cv_platforms WHERE platform_id = @id", new { id }, transaction);
            return;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO cv_platforms (platform_id, name, kind, status, status_since, operator, park_id, services, version, updated_at)
            VALUES (@id, @Name, @Kind, @Status, @Since, @Operator, @ParkId, @Services, @Version, @UpdatedAt)
            ON CONFLICT (platform_id) DO UPDATE SET
                name = excluded.name, kind = excluded.kind, status = excluded.status, status_since = excluded.status_since,
                operator = excluded.operator, park_id = excluded.park_id, services = excluded.services,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE cv_platforms.version < excluded.version
            """,
            new
            {
                id, current.Name, current.Kind, current.Statuses[^1].Status, current.Statuses[^1].Since, current.Operator, current.ParkId,
                Services = current.Services.ToArray(), current.Version, current.UpdatedAt,
            },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_platform_statuses (platform_id, seq, status, since) VALUES (@id, @Seq, @Status, @Since)
            ON CONFLICT (platform_id, seq) DO NOTHING
            """,
            current.Statuses.Select((s, i) => new { id, Seq = i + 1, s.Status, s.Since }), transaction);
    }
}
