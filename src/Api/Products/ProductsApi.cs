using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Proposals;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;
using CellValley.Grains.Products;
using CellValley.Grains.Proposals;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Products;

/// <summary>The product pipeline: /api/enterprises/{code}/products and the cluster-wide /api/products.</summary>
public static class ProductsApi
{
    public static void MapProductsApi(this IEndpointRouteBuilder routes)
    {
        // An enterprise edits its own products; admins and staff edit any (checked per handler).
        var group = routes.MapGroup("/api/enterprises/{code}/products").WithTags("Products").RequireAuthorization().RequiresFullEnterpriseRecord();
        group.MapPost("/", AddAsync).WithName("AddProduct")
            .WithSummary("Add a product to the enterprise's pipeline; an enterprise's own addition waits for review (202 and the proposal)")
            .WithRequestExample(Examples.AddProduct);
        group.MapGet("/", ListOwnAsync).WithName("ListEnterpriseProducts").WithSummary("The enterprise's products");
        group.MapGet("/{productId}", GetAsync).WithName("GetProduct").WithSummary("One product; the ETag is its version");
        group.MapMethods("/{productId}", [HttpMethods.Patch], UpdateAsync).RequiresIfMatch().WithRequestExample(Examples.UpdateProduct).WithName("UpdateProduct")
            .WithSummary("Change a product's description; requires If-Match; an enterprise's own change waits for review (202 and the proposal)");
        group.MapPost("/{productId}/stages", MoveAsync).WithName("MoveProductStage")
            .WithSummary("Advance a product (skips are recorded) or correct its stage with a reason; an enterprise's own move waits for review (202 and the proposal)")
            .WithRequestExample(Examples.MoveStage);
        group.MapGet("/{productId}/history", HistoryAsync).WithName("GetProductHistory").WithSummary("Every change of the product");

        routes.MapGet("/api/products", ListAsync).WithTags("Products").RequireAuthorization().NotForParkOperators().Exportable()
            .WithName("ListProducts").WithSummary("Products across the cluster, by kind, stage and class (read table)");
    }

    public static async Task<Results<Created<ProductDto>, Accepted<ProposalDto>, ValidationProblem, ProblemHttpResult>> AddAsync(
        string code, NewProductRequest request, ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, ReviewPolicy policy)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.CanEditEnterprise(code))
        {
            return Problems.Forbidden(Messages.ForbiddenChangeEnterprise, code);
        }

        if (Proposes(user, policy, ProposalKinds.Product))
        {
            var (preview, proposal) = await ProposalsApi.ProposeRecordAsync(
                code, new ProposedRecord(ProposalKinds.Product, Product: request.ToNewProduct()), request.Comment, null, user, grains);
            return proposal is not null ? Accepted(proposal) : preview.Kind switch
            {
                OutcomeKind.NotFound => EnterpriseRoute.NotRegistered(code),
                OutcomeKind.Conflict => Answers.Conflict(preview),
                _ => Problems.Invalid(preview.Errors),
            };
        }

        var outcome = await Grain(grains, code).AddProductAsync(request.ToNewProduct(), user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => Created(),
            OutcomeKind.NotFound => EnterpriseRoute.NotRegistered(code),
            OutcomeKind.Conflict => Answers.Conflict(outcome),
            _ => Problems.Invalid(outcome.Errors),
        };

        Created<ProductDto> Created()
        {
            http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
            return TypedResults.Created($"/api/enterprises/{code}/products/{outcome.Value!.Id}", outcome.Value.AsDto(taxonomy));
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductDto>>, ValidationProblem, ProblemHttpResult>> ListOwnAsync(
        string code, IGrainFactory grains, ClusterTaxonomy taxonomy)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var products = await Grain(grains, code).GetProductsAsync();
        if (products is null)
        {
            return EnterpriseRoute.NotRegistered(code);
        }

        return TypedResults.Ok<IReadOnlyList<ProductDto>>(products.Select(p => p.AsDto(taxonomy)).ToArray());
    }

    public static async Task<Results<Ok<ProductDto>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, string productId, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var products = await Grain(grains, code).GetProductsAsync();
        var product = products?.FirstOrDefault(p => p.Id == productId);
        if (product is null)
        {
            return products is null ? EnterpriseRoute.NotRegistered(code) : NoSuchProduct(code, productId);
        }

        http.Response.Headers.ETag = ETags.Format(product.Version);
        return TypedResults.Ok(product.AsDto(taxonomy));
    }

    public static async Task<Results<Ok<ProductDto>, Accepted<ProposalDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, string productId, UpdateProductRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, ReviewPolicy policy)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.CanEditEnterprise(code))
        {
            return Problems.Forbidden(Messages.ForbiddenChangeEnterprise, code);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        if (Proposes(user, policy, ProposalKinds.ProductUpdate))
        {
            var (preview, proposal) = await ProposalsApi.ProposeRecordAsync(
                code, new ProposedRecord(ProposalKinds.ProductUpdate, productId, ProductChanges: request.ToChanges()), request.Comment, expected, user, grains);
            if (proposal is not null)
            {
                return Accepted(proposal);
            }

            if (!preview.IsOk)
            {
                return Answer(preview.As<ProductView>(), code, productId, taxonomy, http);
            }
        }

        var outcome = await Grain(grains, code).UpdateProductAsync(productId, request.ToChanges(), expected, user.ToActor());
        return Answer(outcome, code, productId, taxonomy, http);
    }

    public static async Task<Results<Ok<ProductDto>, Accepted<ProposalDto>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        string code, string productId, StageMoveRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, ReviewPolicy policy)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.CanEditEnterprise(code))
        {
            return Problems.Forbidden(Messages.ForbiddenChangeEnterprise, code);
        }

        if (!Answers.TryIfMatch(ifMatch, out var expected, out var malformed))
        {
            return malformed!;
        }

        var move = new StageMove(request.Stage!, request.Date!.Value, request.Correction ?? false, request.Reason, request.Note);
        if (Proposes(user, policy, ProposalKinds.Stage))
        {
            var (preview, proposal) = await ProposalsApi.ProposeRecordAsync(
                code, new ProposedRecord(ProposalKinds.Stage, productId, Move: move), request.Comment, expected, user, grains);
            return proposal is not null ? Accepted(proposal) : Answer(preview.As<ProductView>(), code, productId, taxonomy, http);
        }

        var outcome = await Grain(grains, code).MoveProductStageAsync(productId, move, expected, user.ToActor());
        return Answer(outcome, code, productId, taxonomy, http);
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string code, string productId, EventStore events, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        // A product that came with a merged duplicate keeps its history from before the merge: read there first.
        var rows = new List<EventRecord>();
        var mergedFrom = (await Grain(grains, code).GetAsync())?.Status?.MergedFrom ?? [];
        foreach (var from in mergedFrom.Append(code))
        {
            rows.AddRange(await events.ReadAsync(EnterpriseGrain.EntityType, from, 0, 1000, "product:" + productId));
        }

        if (rows.Count == 0)
        {
            return NoSuchProduct(code, productId);
        }

        return TypedResults.Ok<IReadOnlyList<HistoryEntryDto>>(rows.Select(HistoryEntryDto.From).ToArray());
    }

    public static async Task<Results<Ok<PagedList<ProductListItem>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, ProductQueries queries, ClusterTaxonomy taxonomy,
        string? kind, string? stage, bool? classOne, bool? innovativeDevice, string? registrationClass, string? code, int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (kind is not null && taxonomy.FindKind(kind) is null)
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", taxonomy.ProductKinds.Select(k => k.Code))));
        }

        if (stage is not null && taxonomy.FindStage(stage) is null)
        {
            errors.Add("stage", Rule.OneOf(string.Join(", ", taxonomy.ProductStages.Select(s => s.Code))));
        }

        if (code is not null && CreditCode.Validate(code) is { } codeRule)
        {
            errors.Add("code", codeRule);
        }

        errors.MaxLength("registrationClass", registrationClass, 50);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        code = code is null ? null : CreditCode.Normalize(code);
        if (!user.ReadsAllEnterprises())
        {
            // Another enterprise's pipeline is confidential: an enterprise token lists its own products.
            if (code is not null && !user.ReadsEnterpriseInFull(code))
            {
                return Problems.Forbidden(Messages.Get(Messages.ScopeOwnProducts));
            }

            code = user.Scope();
        }

        var filter = new ProductFilter(taxonomy.FindKind(kind)?.Code, taxonomy.FindStage(stage)?.Code, classOne, innovativeDevice,
            registrationClass, code, page ?? 1, pageSize ?? 20);
        return TypedResults.Ok(await queries.ListAsync(filter));
    }

    /// <summary>An enterprise's own change of this kind waits for review (the review policy's data says which kinds do).</summary>
    private static bool Proposes(ClaimsPrincipal user, ReviewPolicy policy, string kind) =>
        user.Role() == ApiRoles.Enterprise && policy.RecordNeedsReview(kind);

    private static Accepted<ProposalDto> Accepted(ProposalDto proposal) => TypedResults.Accepted($"/api/proposals/{proposal.Id}", proposal);

    private static Results<Ok<ProductDto>, Accepted<ProposalDto>, ValidationProblem, ProblemHttpResult> Answer(
        Outcome<ProductView> outcome, string code, string productId, ClusterTaxonomy taxonomy, HttpContext http)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
                return TypedResults.Ok(outcome.Value!.AsDto(taxonomy));
            case OutcomeKind.NotFound:
                return NoSuchProduct(code, productId);
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            case OutcomeKind.Conflict:
                return Answers.Conflict(outcome);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    private static ProblemHttpResult NoSuchProduct(string code, string productId) =>
        Problems.NotFound(Messages.NotFoundProduct, code, productId);

    private static IEnterpriseGrain Grain(IGrainFactory grains, string code) => grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code));
}
