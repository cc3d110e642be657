using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using CellValley.Api.OpenApi;

namespace CellValley.Api.Taxonomy;

/// <summary>The segment and tier lists the registry accepts.</summary>
public sealed record TaxonomyDto(IReadOnlyList<Segment> Segments, IReadOnlyList<Tier> Tiers);

public static class TaxonomyApi
{
    public static void MapTaxonomyApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/taxonomy", Get)
            .RequireAuthorization()
            .OpenToEveryRole()
            .WithTags("Taxonomy")
            .WithName("GetTaxonomy")
            .WithSummary("Segments (赛道) with their place on the industry chain, and the tier ladder");
    }

    public static Ok<TaxonomyDto> Get(ClusterTaxonomy taxonomy) => TypedResults.Ok(new TaxonomyDto(taxonomy.Segments, taxonomy.Tiers));
}
