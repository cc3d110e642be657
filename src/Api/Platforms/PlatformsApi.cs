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
using CellValley.Grains.Platforms;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Platforms;

/// <summary>Body of POST /api/platforms (status and since start the status history) and PUT /api/platforms/{id}.</summary>
public sealed record PlatformRequest(string? Id, [property: Required] string? Name, string? Kind, string? Operator, string? ParkId, List<string>? Services, string? Note, string? Status, DateOnly? Since);

/// <summary>Body of POST /api/platforms/{id}/status: the new status, from when, and why (required to suspend or close).</summary>
public sealed record StatusRequest([property: Required] string? Status, [property: Required] DateOnly? Since, string? Reason = null);

public sealed record PlatformListItem
{
    public string PlatformId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Status { get; init; } = "";

    public DateOnly StatusSince { get; init; }

    public string? Operator { get; init; }

    public string? ParkId { get; init; }

    public string[] Services { get; init; } = [];

    /// <summary>Enterprises with an open uses-platform relation to it.</summary>
    public int EnterprisesServed { get; init; }
}

/// <summary>Public service platforms (平台): engineering centres, cell banks, CRO/CDMO, GCP sites, incubators …</summary>
public static class PlatformsApi
{
    public static void MapPlatformsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/platforms").WithTags("Platforms").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithRequestExample(Examples.CreatePlatform).WithName("CreatePlatform").WithSummary("Register a platform (admin, staff)");
        group.MapGet("/", ListAsync).OpenToEveryRole().Exportable().WithName("ListPlatforms").WithSummary("Platforms by kind, status and park, with enterprises served");
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetPlatformHistory").WithSummary("Every change of the platform: who, when, from → to");
        group.MapGet("/{id}", GetAsync).OpenToEveryRole().WithName("GetPlatform").WithSummary("One platform with its status history");
        group.MapPut("/{id}", UpdateAsync).RequiresIfMatch().WithRequestExample(Examples.UpdatePlatform).WithName("UpdatePlatform").WithSummary("Replace a platform's description; requires If-Match");
        group.MapPost("/{id}/status", StatusAsync).WithRequestExample(Examples.PlatformStatus).WithName("AdvancePlatformStatus").WithSummary("planned → building → operating, dated");
    }

    public static async Task<Results<Created<PlatformDto>, ProblemHttpResult>> CreateAsync(PlatformRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider clock, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenPlatforms);
        }

        var id = request.Id ?? "T" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        if (!Grains.Parks.ParkKey.IsValidId(id))
        {
            return Problems.InvalidProblem("id", Rule.Identifier());
        }

        var since = request.Since ?? clock.Today();
        var outcome = await grains.Ref<IPlatformGrain>(PlatformKey.For(id)).CreateAsync(ToInfo(request), request.Status ?? "planned", since, user.ToActor());
        if (outcome.Kind == Grains.Common.OutcomeKind.AlreadyExists)
        {
            return Problems.Conflict(Messages.ConflictPlatformExists, id);
        }

        return Answers.Created(outcome, http, p => $"/api/platforms/{p.Id}", new Text(Messages.NotFoundPlatform, id), PlatformDtoMapping.AsDto);
    }

    public static async Task<Results<Ok<IReadOnlyList<PlatformListItem>>, ProblemHttpResult>> ListAsync(string? kind, string? status, string? park, NpgsqlDataSource dataSource)
    {
        if (kind is not null && !PlatformRules.Kinds.Contains(kind))
        {
            return Problems.InvalidProblem("kind", Rule.OneOf(string.Join(", ", PlatformRules.Kinds)));
        }

        if (status is not null && !PlatformRules.Statuses.Contains(status))
        {
            return Problems.InvalidProblem("status", Rule.OneOf(string.Join(", ", PlatformRules.Statuses)));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<PlatformListItem>(
            """
            SELECT p.platform_id AS PlatformId, p.name, p.kind, p.status, p.status_since AS StatusSince, p.operator,
                   p.park_id AS ParkId, p.services,
                   (SELECT count(*) FROM cv_relations r WHERE r.type = 'uses-platform' AND r.until IS NULL AND r.merged_at IS NULL
                       AND r.to_kind = 'platform' AND r.to_id = p.platform_id)::int AS EnterprisesServed
              FROM cv_platforms p
             WHERE (@kind::text IS NULL OR p.kind = @kind) AND (@status::text IS NULL OR p.status = @status)
               AND (@park::text IS NULL OR p.park_id = @park)
             ORDER BY p.name
            """,
            new { kind, status, park });
        return TypedResults.Ok<IReadOnlyList<PlatformListItem>>(rows.AsList());
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int? after, int? limit, ClaimsPrincipal user, EventStore events, IGrainFactory grains)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenHistory);
        }

        return await History.ReadAsync(events, PlatformGrain.EntityType, id, after, limit,
            async () => Grains.Parks.ParkKey.IsValidId(id) && await grains.Ref<IPlatformGrain>(PlatformKey.For(id)).GetAsync() is not null,
            new Text(Messages.NotFoundPlatform, id));
    }

    public static async Task<Results<Ok<PlatformDto>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, NpgsqlDataSource dataSource, HttpContext http)
    {
        var view = Grains.Parks.ParkKey.IsValidId(id) ? await grains.Ref<IPlatformGrain>(PlatformKey.For(id)).GetAsync() : null;
        if (view is null)
        {
            return Problems.NotFound(Messages.NotFoundPlatform, id);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var served = await connection.QueryAsync<ServedEnterpriseDto>(
            """
            SELECT r.from_id AS CreditCode, e.name AS Name, r.since AS Since
              FROM cv_relations r LEFT JOIN cv_enterprises e ON e.credit_code = r.from_id
             WHERE r.type = 'uses-platform' AND r.until IS NULL AND r.merged_at IS NULL AND r.to_kind = 'platform' AND r.to_id = @id AND r.from_kind = 'enterprise'
             ORDER BY e.name, r.from_id
            """,
            new { id });
        http.Response.Headers.ETag = Enterprises.ETags.Format(view.Version);
        return TypedResults.Ok(view.AsDto(served.AsList()));
    }

    public static async Task<Results<Ok<PlatformDto>, ProblemHttpResult>> UpdateAsync(
        string id, PlatformRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenPlatforms);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        var outcome = await grains.Ref<IPlatformGrain>(PlatformKey.For(id)).UpdateAsync(ToInfo(request), expected, user.ToActor());
        return Answers.Ok(outcome, http, new Text(Messages.NotFoundPlatform, id), PlatformDtoMapping.AsDto);
    }

    public static async Task<Results<Ok<PlatformDto>, ProblemHttpResult>> StatusAsync(string id, StatusRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenPlatforms);
        }

        var outcome = await grains.Ref<IPlatformGrain>(PlatformKey.For(id)).AdvanceStatusAsync(request.Status ?? "", request.Since!.Value, user.ToActor(), request.Reason);
        return Answers.Ok(outcome, http, new Text(Messages.NotFoundPlatform, id), PlatformDtoMapping.AsDto);
    }

    private static PlatformInfo ToInfo(PlatformRequest r) =>
        new(r.Name ?? "", r.Kind ?? "", r.Operator, r.ParkId, r.Services?.Select(s => s ?? "").ToArray() ?? [], r.Note);
}
