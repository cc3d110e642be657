using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>Profile fields changed, each from → to.</summary>
public sealed record ProfileUpdated(IReadOnlyList<FieldChange> Fields) : IRegistryEvent
{
    public static string Name => "ProfileUpdated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => Fields;
}
