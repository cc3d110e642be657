using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Institutions;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Institutions;

/// <summary>Body of POST and PUT /api/institutions.</summary>
public sealed record InstitutionRequest([property: Required] string? Name, string? Kind, string? City, string? Note);

public sealed record InstitutionListItem
{
    public string InstitutionId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Kind { get; init; } = "";

    public string? City { get; init; }
}

/// <summary>Universities, hospitals and research institutes (产学研医 partners).</summary>
public static class InstitutionsApi
{
    public static void MapInstitutionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/institutions").WithTags("Institutions").RequireAuthorization().NotForParkOperators();
        group.MapPost("/", RegisterAsync).WithRequestExample(Examples.Institution).WithName("RegisterInstitution").WithSummary("Register an institution (staff)");
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetInstitutionHistory").WithSummary("Every change of the institution: who, when, from → to");
        group.MapGet("/{id}", GetAsync).WithName("GetInstitution").WithSummary("One institution");
        group.MapPut("/{id}", UpdateAsync).RequiresIfMatch().WithRequestExample(Examples.Institution).WithName("UpdateInstitution").WithSummary("Replace an institution's details; requires If-Match");
        group.MapGet("/", ListAsync).Exportable().WithName("ListInstitutions").WithSummary("Search institutions by name and kind");
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int? after, int? limit, ClaimsPrincipal user, EventStore events, IGrainFactory grains)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenHistory);
        }

        return await History.ReadAsync(events, InstitutionGrain.EntityType, id, after, limit,
            async () => await grains.Ref<IInstitutionGrain>(InstitutionKey.For(id)).GetAsync() is not null, new Text(Messages.NotFoundInstitution, id));
    }

    public static async Task<Results<Created<InstitutionDto>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        InstitutionRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenInstitutions);
        }

        var id = "I" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var outcome = await grains.Ref<IInstitutionGrain>(InstitutionKey.For(id)).RegisterAsync(ToInfo(request), user.ToActor());
        return outcome.Kind == OutcomeKind.Ok
            ? TypedResults.Created($"/api/institutions/{id}", outcome.Value!.AsDto())
            : Problems.Invalid(outcome.Errors);
    }

    public static async Task<Results<Ok<InstitutionDto>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext http)
    {
        var view = IsId(id) ? await grains.Ref<IInstitutionGrain>(InstitutionKey.For(id)).GetAsync() : null;
        if (view is null)
        {
            return Problems.NotFound(Messages.NotFoundInstitution, id);
        }

        http.Response.Headers.ETag = ETags.Format(view.Version);
        return TypedResults.Ok(view.AsDto());
    }

    public static async Task<Results<Ok<InstitutionDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, InstitutionRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenInstitutions);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        if (!IsId(id))
        {
            return Problems.NotFound(Messages.NotFoundInstitution, id);
        }

        var outcome = await grains.Ref<IInstitutionGrain>(InstitutionKey.For(id)).UpdateAsync(ToInfo(request), expected, user.ToActor());
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
                return TypedResults.Ok(outcome.Value!.AsDto());
            case OutcomeKind.NotFound:
                return Problems.NotFound(Messages.NotFoundInstitution, id);
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    public static async Task<Results<Ok<PagedList<InstitutionListItem>>, ValidationProblem>> ListAsync(
        string? q, string? kind, int? page, int? pageSize, NpgsqlDataSource dataSource)
    {
        if (kind is not null && !InstitutionRules.Kinds.Contains(kind))
        {
            return Problems.Invalid("kind", Rule.OneOf(string.Join(", ", InstitutionRules.Kinds)));
        }

        var errors = new FieldErrors();
        errors.MaxLength("q", q, 100);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await connection.PageAsync<InstitutionListItem>(
            "institution_id AS InstitutionId, name, kind, city",
            "FROM cv_institutions WHERE (@q::text IS NULL OR strpos(name, @q) > 0) AND (@kind::text IS NULL OR kind = @kind)",
            "name, institution_id", new { q, kind }, page, pageSize));
    }

    private static bool IsId(string id) => id.Length is > 1 and <= 64 && id.All(char.IsAsciiLetterOrDigit);

    private static InstitutionInfo ToInfo(InstitutionRequest r) => new(r.Name ?? "", r.Kind ?? "", r.City, r.Note);
}
