namespace CellValley.Grains.Events;

/// <summary>
/// A fact a registry grain records. Each kind is its own record, under the feature that raises it,
/// with a stable <see cref="Name"/> (stored in the event log, never renamed) and its own fields:
/// not the grain's contracts, so the API, the contracts and what the log holds change apart.
/// </summary>
public interface IRegistryEvent
{
    /// <summary>The name the event log stores; once events carry it, it never changes.</summary>
    static abstract string Name { get; }

    /// <summary>The part of the entity the event is about ("lease:L…", "product:P…"), if any.</summary>
    string? Subject { get; }

    /// <summary>The event's fields as the history shows them: each field with its value before and after.</summary>
    IReadOnlyList<FieldChange> Changes();
}
