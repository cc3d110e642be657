using System.Text.Json;

namespace CellValley.Grains.Events;

/// <summary>Builds the field changes of an event from its own fields.</summary>
public static class EventChanges
{
    /// <summary>
    /// One change per member of a record that differs between before and after (a new record: every
    /// member that has a value), named as JSON names it (camelCase).
    /// </summary>
    public static IReadOnlyList<FieldChange> Members<T>(T? before, T? after)
        where T : class =>
        Members(
            before is null ? null : JsonSerializer.SerializeToElement(before, EventJson.Options),
            after is null ? null : JsonSerializer.SerializeToElement(after, EventJson.Options));

    /// <summary>The same for two JSON objects (also used to read events stored as whole records).</summary>
    public static IReadOnlyList<FieldChange> Members(JsonElement? before, JsonElement? after)
    {
        var names = new List<string>();
        foreach (var side in new[] { after, before })
        {
            if (side is { ValueKind: JsonValueKind.Object } element)
            {
                names.AddRange(element.EnumerateObject().Select(p => p.Name).Where(n => !names.Contains(n)));
            }
        }

        var changes = new List<FieldChange>();
        foreach (var name in names)
        {
            var from = Member(before, name);
            var to = Member(after, name);
            if (from is null && to is null || from is { } f && to is { } t && JsonElement.DeepEquals(f, t))
            {
                continue;
            }

            changes.Add(new FieldChange { Field = name, From = from, To = to });
        }

        return changes;
    }

    /// <summary>A change of one field, or nothing when it did not change.</summary>
    public static IEnumerable<FieldChange> IfChanged<T>(string field, T before, T after) =>
        EqualityComparer<T>.Default.Equals(before, after) ? [] : [FieldChange.Of(field, before, after)];

    private static JsonElement? Member(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Clone()
            : null;
}
