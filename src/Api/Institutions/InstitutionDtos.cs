using CellValley.Grains.Institutions;

namespace CellValley.Api.Institutions;

/// <summary>A university, hospital or institute as the API returns it.</summary>
public sealed record InstitutionDto(string Id, string Name, string Kind, string? City, string? Note, int Version, DateTimeOffset UpdatedAt);

public static class InstitutionDtoMapping
{
    public static InstitutionDto AsDto(this InstitutionView view) =>
        new(view.Id, view.Info.Name, view.Info.Kind, view.Info.City, view.Info.Note, view.Version, view.UpdatedAt);
}
