using Dapper;
using Npgsql;

namespace CellValley.Grains.Relations;

/// <summary>Answers "is this registered?" from the read tables, for relations between registered things.</summary>
public sealed class EntityDirectory(NpgsqlDataSource dataSource)
{
    private static readonly Dictionary<string, string> Tables = new()
    {
        [EntityRef.Enterprise] = "SELECT EXISTS (SELECT 1 FROM cv_enterprises WHERE credit_code = @id AND status <> 'merged')",
        [EntityRef.Institution] = "SELECT EXISTS (SELECT 1 FROM cv_institutions WHERE institution_id = @id)",
        [EntityRef.Park] = "SELECT EXISTS (SELECT 1 FROM cv_parks WHERE park_id = @id)",
        [EntityRef.Platform] = "SELECT EXISTS (SELECT 1 FROM cv_platforms WHERE platform_id = @id)",
    };

    public async Task<bool> ExistsAsync(EntityRef entity)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(Tables[entity.Kind], new { id = entity.Id });
    }
}
