using CellValley.Grains.Events;

namespace CellValley.Grains.Institutions.Events;

public sealed record InstitutionRegistered(InstitutionDetails Institution) : IRegistryEvent
{
    public static string Name => "InstitutionRegistered";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(null, Institution);
}
