namespace CellValley.Grains.Platforms;

/// <summary>A public service platform's description.</summary>
[GenerateSerializer, Immutable, Alias("cv.PlatformInfo")]
public sealed record PlatformInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Operator,
    [property: Id(3)] string? ParkId,
    [property: Id(4)] IReadOnlyList<string> Services,
    [property: Id(5)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.PlatformStatusEntry")]
public sealed record PlatformStatusEntry([property: Id(0)] string Status, [property: Id(1)] DateOnly Since, [property: Id(2)] string? Reason = null);

[GenerateSerializer, Immutable, Alias("cv.PlatformView")]
public sealed record PlatformView(
    [property: Id(0)] string Id,
    [property: Id(1)] PlatformInfo Info,
    [property: Id(2)] string Status,
    [property: Id(3)] IReadOnlyList<PlatformStatusEntry> StatusHistory,
    [property: Id(4)] int Version);
