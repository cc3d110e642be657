using System.Text.Json;

namespace CellValley.Grains.Events;

/// <summary>
/// An event kept in a grain's outbox, inside the grain's own state, until the event log has it.
/// Stored with the grain state (System.Text.Json), never sent over the wire.
/// </summary>
public sealed class PendingEvent
{
    public int Seq { get; set; }

    public string Type { get; set; } = "";

    /// <summary>The part of the entity the event is about (e.g. "product:P…"), if any.</summary>
    public string? Subject { get; set; }

    public string Actor { get; set; } = "";

    public string ActorRole { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public List<FieldChange> Changes { get; set; } = [];
}

/// <summary>One field's value before and after a change, as JSON.</summary>
public sealed class FieldChange
{
    public string Field { get; set; } = "";

    public JsonElement? From { get; set; }

    public JsonElement? To { get; set; }

    public static FieldChange Of<T>(string field, T from, T to) => new()
    {
        Field = field,
        From = from is null ? null : JsonSerializer.SerializeToElement(from, EventJson.Options),
        To = to is null ? null : JsonSerializer.SerializeToElement(to, EventJson.Options),
    };
}

/// <summary>The JSON conventions of the event log (camelCase, like the API).</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Text as PostgreSQL can store it: text and jsonb refuse the NUL character (raw or escaped in JSON).</summary>
public static class EventText
{
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? WithoutNul(string? text) =>
        text?.Replace("\0", "\uFFFD", StringComparison.Ordinal).Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal);
}
