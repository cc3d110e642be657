using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace CellValley.Grains.Common;

/// <summary>
/// Statements collected and sent to PostgreSQL in one round trip (an <see cref="NpgsqlBatch"/>),
/// each with its parameters taken from an object's properties by name (<c>@Name</c>), as Dapper
/// does for one statement. Projections use it to write all of an entity's read rows at once.
/// </summary>
public sealed partial class SqlBatch
{
    private static readonly ConcurrentDictionary<(Type Type, string Sql), PropertyInfo[]> Bindings = new();
    private readonly List<NpgsqlBatchCommand> _commands = [];

    /// <summary>Adds a statement with the parameters named in it, read from <paramref name="values"/>.</summary>
    public SqlBatch Add(string sql, object values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var property in Bind(values.GetType(), sql))
        {
            command.Parameters.Add(new NpgsqlParameter(property.Name, ToDatabase(property.GetValue(values))));
        }

        _commands.Add(command);
        return this;
    }

    /// <summary>Adds the statement once per row.</summary>
    public SqlBatch AddRows<T>(string sql, IEnumerable<T> rows)
        where T : notnull
    {
        foreach (var row in rows)
        {
            Add(sql, row);
        }

        return this;
    }

    /// <summary>
    /// Sends every statement in one round trip, inside the transaction. Without one, PostgreSQL runs the batch as one
    /// implicit transaction (a single Sync ends it): a statement it refuses rolls back the others.
    /// </summary>
    public async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        if (_commands.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        _commands.Clear();
    }

    private static PropertyInfo[] Bind(Type type, string sql) => Bindings.GetOrAdd((type, sql), key =>
    {
        var named = Placeholder().Matches(key.Sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return key.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => named.Contains(p.Name)).ToArray();
    });

    private static object ToDatabase(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => at.ToUniversalTime(),
        _ => value,
    };

    [GeneratedRegex(@"(?<![@\w])@(\w+)")]
    private static partial Regex Placeholder();
}
