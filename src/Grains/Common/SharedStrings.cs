using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellValley.Grains.Common;

/// <summary>
/// Reads short strings of grain state through a shared pool, so that the codes every enterprise
/// repeats (segments, product kinds and stages, currencies, sources, actors) are held once per
/// process instead of once per active grain. The pool is bounded: once full, strings are read as
/// they are.
/// </summary>
public sealed class SharedStrings : JsonConverter<string>
{
    private const int MaxLength = 24;
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        if (_pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return _pool.Count < MaxEntries ? _pool.GetOrAdd(value, value) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
