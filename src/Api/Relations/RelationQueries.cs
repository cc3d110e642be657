using Dapper;
using Npgsql;

namespace CellValley.Api.Relations;

/// <summary>A relation as the read table has it.</summary>
public sealed record RelationRow
{
    public string RelationId { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public string GrainKey { get; init; } = "";

    public string Type { get; init; } = "";

    public string From { get; init; } = "";

    public string To { get; init; } = "";

    public string Disclosure { get; init; } = "";

    public string? SupplyKind { get; init; }

    public DateOnly? Since { get; init; }

    public DateOnly? Until { get; init; }

    public int Version { get; init; }
}

public sealed record GraphNode(string Ref, string Kind, string? Name, int Depth);

public sealed record GraphDto(string Center, int Depth, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<RelationRow> Edges, bool Truncated);

/// <summary>A customer whose supply of one kind rests on a single active supplier.</summary>
public sealed record SingleSupplierRow
{
    public string Customer { get; init; } = "";

    public string? CustomerName { get; init; }

    public string SupplyKind { get; init; } = "";

    public string Supplier { get; init; } = "";

    public string? SupplierName { get; init; }
}

/// <summary>Relations, neighbourhoods and dependency reports from cv_relations (never from grains).</summary>
public sealed class RelationQueries(NpgsqlDataSource dataSource)
{
    public const int MaxEdges = 2000;

    private const string Columns = """
        relation_id AS RelationId, grain_key AS GrainKey, type, from_kind || ':' || from_id AS "From",
        to_kind || ':' || to_id AS "To", disclosure, supply_kind AS SupplyKind, since, until, version
        """;

    public async Task<RelationRow?> FindAsync(string relationId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<RelationRow>($"SELECT {Columns} FROM cv_relations WHERE relation_id = @relationId", new { relationId });
    }

    /// <summary>Edges touching any of these entities ("kind:id"), filtered by type and openness.</summary>
    public async Task<IReadOnlyList<RelationRow>> TouchingAsync(IReadOnlyCollection<string> entities, string[]? types, bool includeEnded)
    {
        var kinds = entities.Select(e => e[..e.IndexOf(':')]).ToArray();
        var ids = entities.Select(e => e[(e.IndexOf(':') + 1)..]).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<RelationRow>(
            $"""
            SELECT {Columns} FROM cv_relations r
             WHERE r.relation_id IN (
                   SELECT r1.relation_id FROM cv_relations r1 JOIN unnest(@kinds, @ids) AS n(kind, id)
                     ON r1.from_kind = n.kind AND r1.from_id = n.id
                   UNION
                   SELECT r2.relation_id FROM cv_relations r2 JOIN unnest(@kinds, @ids) AS n(kind, id)
                     ON r2.to_kind = n.kind AND r2.to_id = n.id)
               AND (@includeEnded OR r.until IS NULL) AND r.merged_at IS NULL
               AND (@types::text[] IS NULL OR r.type = ANY(@types))
             ORDER BY r.type, r.relation_id
             LIMIT @limit
            """,
            new { kinds, ids, includeEnded, types, limit = MaxEdges + 1 });
        return rows.AsList();
    }

    /// <summary>The neighbourhood of an entity to the given depth (1 or 2).</summary>
    public async Task<GraphDto> NeighbourhoodAsync(string center, int depth, string[]? types, bool includeEnded)
    {
        var depths = new Dictionary<string, int> { [center] = 0 };
        var edges = new Dictionary<string, RelationRow>();
        var frontier = new List<string> { center };
        var truncated = false;
        for (var level = 1; level <= depth && frontier.Count > 0; level++)
        {
            var found = await TouchingAsync(frontier, types, includeEnded);
            truncated |= found.Count > MaxEdges;
            frontier = [];
            foreach (var edge in found.Take(MaxEdges))
            {
                edges.TryAdd(edge.RelationId, edge);
                foreach (var end in new[] { edge.From, edge.To })
                {
                    if (depths.TryAdd(end, level))
                    {
                        frontier.Add(end);
                    }
                }
            }
        }

        var names = await NamesAsync(depths.Keys);
        var nodes = depths.Select(d => new GraphNode(d.Key, d.Key[..d.Key.IndexOf(':')], names.GetValueOrDefault(d.Key), d.Value))
            .OrderBy(n => n.Depth).ThenBy(n => n.Ref).ToArray();
        return new GraphDto(center, depth, nodes, edges.Values.ToArray(), truncated);
    }

    public async Task<IReadOnlyList<SingleSupplierRow>> SingleSuppliersAsync(string? supplyKind)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<SingleSupplierRow>(
            """
            WITH supply AS (
                SELECT to_kind, to_id, supply_kind, min(from_kind || ':' || from_id) AS supplier, count(*) AS suppliers
                  FROM cv_relations
                 WHERE type = 'supplier' AND until IS NULL AND merged_at IS NULL AND (@supplyKind::text IS NULL OR supply_kind = @supplyKind)
                 GROUP BY to_kind, to_id, supply_kind)
            SELECT s.to_kind || ':' || s.to_id AS Customer, ce.name AS CustomerName, s.supply_kind AS SupplyKind,
                   s.supplier AS Supplier, coalesce(se.name, si.name) AS SupplierName
              FROM supply s
              LEFT JOIN cv_enterprises ce ON s.to_kind = 'enterprise' AND ce.credit_code = s.to_id
              LEFT JOIN cv_enterprises se ON se.credit_code = split_part(s.supplier, ':', 2) AND s.supplier LIKE 'enterprise:%'
              LEFT JOIN cv_institutions si ON si.institution_id = split_part(s.supplier, ':', 2) AND s.supplier LIKE 'institution:%'
             WHERE s.suppliers = 1
             ORDER BY s.supply_kind, Customer
            """,
            new { supplyKind });
        return rows.AsList();
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> refs)
    {
        var all = refs.ToArray();
        var enterprises = all.Where(r => r.StartsWith("enterprise:", StringComparison.Ordinal)).Select(r => r["enterprise:".Length..]).ToArray();
        var institutions = all.Where(r => r.StartsWith("institution:", StringComparison.Ordinal)).Select(r => r["institution:".Length..]).ToArray();
        var platforms = all.Where(r => r.StartsWith("platform:", StringComparison.Ordinal)).Select(r => r["platform:".Length..]).ToArray();
        var parks = all.Where(r => r.StartsWith("park:", StringComparison.Ordinal)).Select(r => r["park:".Length..]).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Ref, string Name)>(
            """
            SELECT 'enterprise:' || credit_code, name FROM cv_enterprises WHERE credit_code = ANY(@enterprises)
            UNION ALL
            SELECT 'institution:' || institution_id, name FROM cv_institutions WHERE institution_id = ANY(@institutions)
            UNION ALL
            SELECT 'platform:' || platform_id, name FROM cv_platforms WHERE platform_id = ANY(@platforms)
            UNION ALL
            SELECT 'park:' || park_id, name FROM cv_parks WHERE park_id = ANY(@parks)
            """,
            new { enterprises, institutions, platforms, parks });
        return rows.ToDictionary(r => r.Ref, r => r.Name);
    }
}
