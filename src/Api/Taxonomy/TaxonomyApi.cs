using CellValley.Api.Auth;
using CellValley.Api.OpenApi;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Taxonomy;

/// <summary>The segment and tier lists the registry accepts.</summary>
/// <summary>A segment (赛道) and the link of the industry chain it belongs to.</summary>
public sealed record SegmentDto(string Name, string English, string Chain);

/// <summary>A rung of the tier ladder and how long a recognition holds.</summary>
public sealed record TierDto(string Code, string Name, int Rank, int? ValidityYears);

/// <summary>A kind of product (medicine or device class).</summary>
public sealed record ProductKindDto(string Code, string Name, bool Device);

/// <summary>A stage of the product ladder, in order.</summary>
public sealed record ProductStageDto(string Code, string Name, int Rank);

public sealed record TaxonomyDto(
    IReadOnlyList<SegmentDto> Segments, IReadOnlyList<TierDto> Tiers, IReadOnlyList<ProductKindDto> ProductKinds, IReadOnlyList<ProductStageDto> ProductStages);

public static class TaxonomyApi
{
    public static void MapTaxonomyApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/taxonomy", Get)
            .RequireAuthorization()
            .OpenToEveryRole()
            .OpenToDepartments()
            .WithTags("Taxonomy")
            .WithName("GetTaxonomy")
            .WithSummary("Segments (赛道) with their place on the industry chain, the tier ladder, product kinds and the stage ladder");
    }

    public static Ok<TaxonomyDto> Get(ClusterTaxonomy taxonomy) => TypedResults.Ok(new TaxonomyDto(
        taxonomy.Segments.Select(s => new SegmentDto(s.Name, s.English, s.Chain)).ToArray(),
        taxonomy.Tiers.Select(t => new TierDto(t.Code, t.Name, t.Rank, t.ValidityYears)).ToArray(),
        taxonomy.ProductKinds.Select(k => new ProductKindDto(k.Code, k.Name, k.Device)).ToArray(),
        taxonomy.ProductStages.OrderBy(s => s.Rank).Select(s => new ProductStageDto(s.Code, s.Name, s.Rank)).ToArray()));
}
