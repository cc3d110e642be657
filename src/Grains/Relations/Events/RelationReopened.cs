using CellValley.Grains.Events;

namespace CellValley.Grains.Relations.Events;

/// <summary>An ended relation was recorded again: it holds from its new since, with no end.</summary>
public sealed record RelationReopened(RelationRecorded Relation, DateOnly? UntilBefore) : IRegistryEvent
{
    public static string Name => "RelationReopened";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => [.. Relation.Changes(), FieldChange.Of("until", UntilBefore, (DateOnly?)null)];
}
