using CellValley.Grains.Events;

namespace CellValley.Grains.Institutions.Events;

public sealed record InstitutionUpdated(InstitutionDetails Before, InstitutionDetails After) : IRegistryEvent
{
    public static string Name => "InstitutionUpdated";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() => EventChanges.Members(Before, After);
}
