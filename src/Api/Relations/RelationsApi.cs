using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Relations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Relations;

/// <summary>Body of POST /api/relations. Ends are written kind:id.</summary>
public sealed record NewRelationRequest([property: Required] string? Type, [property: Required] string? From, [property: Required] string? To, string? Disclosure, DateOnly? Since, string? SupplyKind, string? Note);

/// <summary>Body of POST /api/relations/{id}/end.</summary>
public sealed record EndRelationRequest([property: Required] DateOnly? Until, string? Reason);

/// <summary>The relations graph: typed, dated edges between enterprises and institutions (platforms and parks to come).</summary>
public static class RelationsApi
{
    public static void MapRelationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Relations").RequireAuthorization().NotForParkOperators();
        group.MapPost("/relations", LinkAsync).WithName("RecordRelation")
            .WithSummary("Record a relation (idempotent: the same type and ends give the same relation)")
            .WithRequestExample(Examples.RecordRelation);
        group.MapGet("/relations/{id}", GetAsync).WithName("GetRelation").WithSummary("One relation");
        group.MapGet("/relations/{id}/history", HistoryAsync).WithName("GetRelationHistory").WithSummary("Every change of the relation: who, when, from → to");
        group.MapPost("/relations/{id}/end", EndAsync).WithRequestExample(Examples.EndRelation).WithName("EndRelation").WithSummary("End a relation on a date (it is kept)");
        group.MapGet("/relation-types", () => TypedResults.Ok(RelationTypes.All.Select(t => new RelationTypeDto(t.Code, t.Name, t.Symmetric, t.FromKinds, t.ToKinds, t.Meaning)).ToArray())).WithName("ListRelationTypes")
            .WithSummary("The relation types, their direction and which ends they join");
        group.MapGet("/enterprises/{code}/relations", ForEnterpriseAsync).RequiresFullEnterpriseRecord().Exportable().WithName("GetEnterpriseRelations")
            .WithSummary("Every relation the enterprise is an end of, in either direction");
        group.MapGet("/graph", GraphAsync).WithName("GetGraph")
            .WithSummary("The neighbourhood of an entity to depth 1 or 2, filtered by relation type (read tables)");
        group.MapGet("/reports/single-supplier", SingleSupplierAsync).Exportable().WithName("SingleSupplierReport")
            .WithSummary("Enterprises whose supply of a kind rests on one active supplier");
    }

    public static async Task<Results<Created<RelationDto>, Ok<RelationDto>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        NewRelationRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var type = RelationTypes.Find(request.Type);
        if (type is null)
        {
            errors.Add("type", Rule.OneOf(string.Join(", ", RelationTypes.All.Select(t => t.Code))));
        }

        if (!EntityRef.TryParse(request.From, out var from, out var fromReason))
        {
            errors.Add("from", fromReason!);
        }

        if (!EntityRef.TryParse(request.To, out var to, out var toReason))
        {
            errors.Add("to", toReason!);
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var disclosure = request.Disclosure ?? "disclosed";
        if (!user.IsStaff())
        {
            var own = user.Role() == ApiRoles.Enterprise ? new EntityRef(EntityRef.Enterprise, user.Scope() ?? "") : null;
            if (own is null || (own != from && own != to))
            {
                return Problems.Forbidden(Messages.ForbiddenRelationOwnEnd);
            }

            if (disclosure == "inferred")
            {
                return Problems.Forbidden(Messages.ForbiddenInferredRelations);
            }
        }

        var relation = new NewRelation(type!.Code, from!, to!, disclosure, request.Since, request.SupplyKind, request.Note);
        var outcome = await grains.Ref<IRelationGrain>(RelationKey.For(type, from!, to!)).LinkAsync(relation, user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok when outcome.Value!.Created => TypedResults.Created($"/api/relations/{outcome.Value.Id}", outcome.Value.AsDto()),
            OutcomeKind.Ok => TypedResults.Ok(outcome.Value!.AsDto()),
            _ => Problems.Invalid(outcome.Errors),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int? after, int? limit, ClaimsPrincipal user, RelationQueries queries, EventStore events)
    {
        var row = await queries.FindAsync(id);
        if (row is null)
        {
            return Problems.NotFound(Messages.NotFoundRelation, id);
        }

        if (!user.ReadsAllEnterprises() && row.From != user.OwnEntity() && row.To != user.OwnEntity())
        {
            return OthersRelations();
        }

        return await History.ReadAsync(events, RelationGrain.EntityType, id, after, limit, () => Task.FromResult(true), new Text(Messages.NotFoundRelation, id));
    }

    public static async Task<Results<Ok<RelationDto>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, RelationQueries queries, IGrainFactory grains, HttpContext http)
    {
        var row = await queries.FindAsync(id);
        if (row is not null && !user.ReadsAllEnterprises() && row.From != user.OwnEntity() && row.To != user.OwnEntity())
        {
            return OthersRelations();
        }

        var view = row is null ? null : await grains.Ref<IRelationGrain>(row.GrainKey).GetAsync();
        if (view is null)
        {
            return Problems.NotFound(Messages.NotFoundRelation, id);
        }

        http.Response.Headers.ETag = ETags.Format(view.Version);
        return TypedResults.Ok(view.AsDto());
    }

    public static async Task<Results<Ok<RelationDto>, ValidationProblem, ProblemHttpResult>> EndAsync(
        string id, EndRelationRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, RelationQueries queries, IGrainFactory grains, HttpContext http)
    {
        var row = await queries.FindAsync(id);
        if (row is null)
        {
            return Problems.NotFound(Messages.NotFoundRelation, id);
        }

        if (!user.IsStaff() && !(user.Role() == ApiRoles.Enterprise
                && (row.From == $"enterprise:{user.Scope()}" || row.To == $"enterprise:{user.Scope()}")))
        {
            return Problems.Forbidden(Messages.ForbiddenEndOwnRelation);
        }

        if (!Answers.TryIfMatch(ifMatch, out var expected, out var malformed))
        {
            return malformed!;
        }

        var outcome = await grains.Ref<IRelationGrain>(row.GrainKey).EndAsync(request.Until!.Value, request.Reason, expected, user.ToActor());
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
                return TypedResults.Ok(outcome.Value!.AsDto());
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            case OutcomeKind.NotFound:
                return Problems.NotFound(Messages.NotFoundRelation, id);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<RelationRow>>, ValidationProblem>> ForEnterpriseAsync(
        string code, RelationQueries queries, bool? includeEnded)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        return TypedResults.Ok(await queries.TouchingAsync([$"enterprise:{code}"], null, includeEnded ?? false));
    }

    public static async Task<Results<Ok<GraphDto>, ValidationProblem, ProblemHttpResult>> GraphAsync(
        string? entity, int? depth, string? types, bool? includeEnded, ClaimsPrincipal user, RelationQueries queries)
    {
        var errors = new FieldErrors();
        if (!EntityRef.TryParse(entity, out var center, out var reason))
        {
            errors.Add("entity", reason!);
        }

        if (depth is < 1 or > 2)
        {
            errors.Add("depth", Rule.Between(1, 2));
        }

        var typeList = types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in typeList?.Where(t => RelationTypes.Find(t) is null) ?? [])
        {
            errors.Add("types", Rule.UnknownRelationType(unknown));
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        // Beyond its own edges the graph shows other enterprises' relations: an enterprise token sees depth 1 around itself.
        var allowed = user.ReadsAllEnterprises();
        if (!allowed && (center!.ToString() != user.OwnEntity() || depth is 2))
        {
            return OthersRelations();
        }

        return TypedResults.Ok(await queries.NeighbourhoodAsync(center!.ToString(), depth ?? (allowed ? 2 : 1), typeList, includeEnded ?? false));
    }

    public static async Task<Ok<IReadOnlyList<SingleSupplierRow>>> SingleSupplierAsync(string? supplyKind, ClaimsPrincipal user, RelationQueries queries)
    {
        var rows = await queries.SingleSuppliersAsync(supplyKind);
        return TypedResults.Ok(user.ReadsAllEnterprises() ? rows : rows.Where(r => r.Customer == user.OwnEntity()).ToArray());
    }

    private static ProblemHttpResult OthersRelations() =>
        Problems.Forbidden(Messages.Get(Messages.ScopeOwnRelations));
}
