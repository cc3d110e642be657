namespace CellValley.Grains.Common;

/// <summary>Who asks for a change: recorded on every event.</summary>
[GenerateSerializer, Immutable, Alias("cv.Actor")]
public sealed record Actor([property: Id(0)] string Name, [property: Id(1)] string Role);
