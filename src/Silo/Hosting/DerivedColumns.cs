using CellValley.Grains.Taxonomy;
using Dapper;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// Read-table columns derived from the taxonomy's data (a product's class-I flag from its registration
/// class): when the data grows (a new NMPA wording), rows written before are brought up to it at start-up.
/// </summary>
public static class DerivedColumns
{
    public static async Task<int> RefreshAsync(string connectionString, ClusterTaxonomy taxonomy)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var classes = await connection.QueryAsync<string>("SELECT DISTINCT registration_class FROM cv_products WHERE registration_class IS NOT NULL");
        var classOne = classes.Where(taxonomy.IsClassOne).ToArray();
        await using var transaction = await connection.BeginTransactionAsync();
        // Usually nothing changed: one pass over the products, and the stage rows only of those that did.
        var changed = (await connection.QueryAsync<string>(
            """
            UPDATE cv_products SET class_one = coalesce(registration_class = ANY(@classOne), false)
             WHERE class_one IS DISTINCT FROM coalesce(registration_class = ANY(@classOne), false)
            RETURNING product_id
            """,
            new { classOne }, transaction)).ToArray();
        if (changed.Length > 0)
        {
            await connection.ExecuteAsync(
                """
                UPDATE cv_product_stages s SET class_one = p.class_one
                  FROM cv_products p
                 WHERE p.product_id = ANY(@changed) AND s.product_id = p.product_id
                """,
                new { changed }, transaction);
        }

        await transaction.CommitAsync();
        return changed.Length;
    }
}
