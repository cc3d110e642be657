namespace CellValley.Grains.Institutions.Events;

/// <summary>An institution's own fields as its events record them.</summary>
public sealed record InstitutionDetails(string Name, string Kind, string? City, string? Note);
