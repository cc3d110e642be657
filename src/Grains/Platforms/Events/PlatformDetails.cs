namespace CellValley.Grains.Platforms.Events;

/// <summary>A platform's own fields as its events record them.</summary>
public sealed record PlatformDetails(string Name, string Kind, string? Operator, string? ParkId, IReadOnlyList<string> Services, string? Note);
