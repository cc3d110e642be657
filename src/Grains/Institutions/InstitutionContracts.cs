namespace CellValley.Grains.Institutions;

/// <summary>A university, hospital or research institute (产学研医 partners), as a light registry entry.</summary>
[GenerateSerializer, Immutable, Alias("cv.InstitutionInfo")]
public sealed record InstitutionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? City,
    [property: Id(3)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.InstitutionView")]
public sealed record InstitutionView(
    [property: Id(0)] string Id,
    [property: Id(1)] InstitutionInfo Info,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset UpdatedAt);
