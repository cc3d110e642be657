using System.ComponentModel.DataAnnotations;
using CellValley.Grains.Products;
using CellValley.Grains.Taxonomy;

namespace CellValley.Api.Products;

/// <summary>Body of POST /api/enterprises/{code}/products. Stage defaults to discovery, dated today. comment: an enterprise's note to the reviewer (its changes wait for review).</summary>
public sealed record NewProductRequest(
    [property: Required] string? Name,
    [property: Required] string? Kind,
    string? RegistrationClass,
    string? Indication,
    bool? InnovativeDevice,
    string? Stage,
    DateOnly? StageDate,
    string? Comment = null);

/// <summary>Body of PATCH …/products/{id}: fields left out stay; "" clears registrationClass or indication; comment: an enterprise's note to the reviewer.</summary>
public sealed record UpdateProductRequest(
    string? Name,
    string? Kind,
    string? RegistrationClass,
    string? Indication,
    bool? InnovativeDevice,
    string? Comment = null);

/// <summary>Body of POST …/products/{id}/stages; comment: an enterprise's note to the reviewer.</summary>
public sealed record StageMoveRequest(
    [property: Required] string? Stage, [property: Required] DateOnly? Date, bool? Correction, string? Reason, string? Note, string? Comment = null);

public sealed record StageEntryDto(
    string Stage,
    string StageName,
    DateOnly Date,
    IReadOnlyList<string> Skipped,
    bool Correction,
    string? Reason,
    string? Note,
    string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record ProductDto(
    string Id,
    string CreditCode,
    string Name,
    string Kind,
    string KindName,
    string? RegistrationClass,
    string? Indication,
    bool InnovativeDevice,
    bool ClassOne,
    string Stage,
    string StageName,
    DateOnly StageDate,
    IReadOnlyList<StageEntryDto> Stages,
    int Version,
    DateTimeOffset UpdatedAt);

/// <summary>A row of the cluster-wide product list (from the read table).</summary>
public sealed record ProductListItem
{
    public string ProductId { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string EnterpriseName { get; init; } = "";

    public string Name { get; init; } = "";

    public string Kind { get; init; } = "";

    public string? RegistrationClass { get; init; }

    public bool InnovativeDevice { get; init; }

    public bool ClassOne { get; init; }

    public string Stage { get; init; } = "";

    public DateOnly StageDate { get; init; }

    public int Version { get; init; }
}

internal static class ProductDtoMapping
{
    public static NewProduct ToNewProduct(this NewProductRequest r) =>
        new(r.Name ?? "", r.Kind ?? "", r.RegistrationClass, r.Indication, r.InnovativeDevice ?? false, r.Stage, r.StageDate);

    public static ProductChanges ToChanges(this UpdateProductRequest r) =>
        new(r.Name, r.Kind, r.RegistrationClass, r.Indication, r.InnovativeDevice);

    public static ProductDto AsDto(this ProductView p, ClusterTaxonomy taxonomy) => new(
        p.Id,
        p.CreditCode,
        p.Name,
        p.Kind,
        taxonomy.FindKind(p.Kind)?.Name ?? p.Kind,
        p.RegistrationClass,
        p.Indication,
        p.InnovativeDevice,
        p.ClassOne,
        p.Stage,
        StageName(taxonomy, p.Stage),
        p.StageDate,
        p.Stages.Select(s => new StageEntryDto(s.Stage, StageName(taxonomy, s.Stage), s.Date, s.Skipped, s.Correction, s.Reason, s.Note, s.RecordedBy, s.RecordedAt)).ToArray(),
        p.Version,
        p.UpdatedAt);

    private static string StageName(ClusterTaxonomy taxonomy, string code) => taxonomy.FindStage(code)?.Name ?? code;
}
