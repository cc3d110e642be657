using CellValley.Grains.Relations;

namespace CellValley.Api.Relations;

/// <summary>A relation type: which kinds of entity it joins, and whether it runs both ways.</summary>
public sealed record RelationTypeDto(string Code, string Name, bool Symmetric, IReadOnlyList<string> FromKinds, IReadOnlyList<string> ToKinds, string Meaning);

/// <summary>One end of a relation: an enterprise (credit code), an institution or a platform.</summary>
public sealed record EntityRefDto(string Kind, string Id);

/// <summary>A typed, dated relation as the API returns it; created says whether this call recorded it.</summary>
public sealed record RelationDto(
    string Id,
    string Type,
    EntityRefDto From,
    EntityRefDto To,
    string Disclosure,
    DateOnly? Since,
    DateOnly? Until,
    string? SupplyKind,
    string? Note,
    int Version,
    bool Created);

public static class RelationDtoMapping
{
    public static RelationDto AsDto(this RelationView view) =>
        new(view.Id, view.Type, new EntityRefDto(view.From.Kind, view.From.Id), new EntityRefDto(view.To.Kind, view.To.Id),
            view.Disclosure, view.Since, view.Until, view.SupplyKind, view.Note, view.Version, view.Created);
}
