using CellValley.Grains.Platforms;

namespace CellValley.Api.Platforms;

/// <summary>A status a platform entered, and since when.</summary>
public sealed record PlatformStatusDto(string Status, DateOnly Since, string? Reason);

/// <summary>An enterprise that uses the platform (an active uses-platform relation), since when.</summary>
public sealed record ServedEnterpriseDto
{
    public string CreditCode { get; init; } = "";

    public string? Name { get; init; }

    public DateOnly? Since { get; init; }
}

/// <summary>A public service platform as the API returns it.</summary>
public sealed record PlatformDto(
    string Id,
    string Name,
    string Kind,
    string? Operator,
    string? ParkId,
    IReadOnlyList<string> Services,
    string? Note,
    string Status,
    IReadOnlyList<PlatformStatusDto> StatusHistory,
    int Version,
    IReadOnlyList<ServedEnterpriseDto>? EnterprisesServed = null);

public static class PlatformDtoMapping
{
    public static PlatformDto AsDto(this PlatformView view) => view.AsDto(null);

    public static PlatformDto AsDto(this PlatformView view, IReadOnlyList<ServedEnterpriseDto>? served) =>
        new(view.Id, view.Info.Name, view.Info.Kind, view.Info.Operator, view.Info.ParkId, view.Info.Services, view.Info.Note,
            view.Status, view.StatusHistory.Select(s => new PlatformStatusDto(s.Status, s.Since, s.Reason)).ToArray(), view.Version, served);
}
