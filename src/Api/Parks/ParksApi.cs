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
using CellValley.Grains.Parks;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Parks;

public sealed record ParkListItem
{
    public string ParkId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Zone { get; init; } = "";

    public decimal OccupancyTarget { get; init; }

    public int Version { get; init; }
}

/// <summary>Parks and tenancy. Park operators manage their own park; lease details follow CanSeeLeases.</summary>
public static class ParksApi
{
    public static void MapParksApi(this IEndpointRouteBuilder routes)
    {
        var group = TenancyCache.DropsTenanciesOnWrite(routes.MapGroup("/api/parks").WithTags("Parks").RequireAuthorization());
        group.MapPost("/", CreateAsync).WithRequestExample(Examples.CreatePark).WithName("CreatePark").WithSummary("Create a park (admin, staff)");
        group.MapGet("/", ListAsync).OpenToEveryRole().WithName("ListParks").WithSummary("Parks");
        group.MapGet("/projected-occupancy", ProjectionAsync).WithName("ProjectedOccupancy")
            .WithSummary("Each park's occupancy now and if the open pipeline preferring it lands (likelihood × area)");
        group.MapGet("/{id}", GetAsync).OpenToEveryRole().WithName("GetPark").WithSummary("A park with buildings, units, milestones (and leases, if you may see them)");
        group.MapPut("/{id}", UpdateAsync).RequiresIfMatch().WithRequestExample(Examples.UpdatePark).WithName("UpdatePark").WithSummary("Change a park's description; requires If-Match");
        group.MapPost("/{id}/buildings", AddBuildingAsync).WithRequestExample(Examples.AddBuilding).WithName("AddBuilding").WithSummary("Add a building");
        group.MapPut("/{id}/units/{unitId}", PutUnitAsync).WithRequestExample(Examples.PutUnit).WithName("PutUnit").WithSummary("Add or replace a unit (area, floor, fit-out)");
        group.MapPost("/{id}/milestones", MilestoneAsync).WithRequestExample(Examples.RecordMilestone).WithName("RecordMilestone")
            .WithSummary("Record a construction milestone (topped-out 主体封顶, fit-out-complete 改造完成, operating 正式运营)");
        group.MapPost("/{id}/leases", SignAsync).WithRequestExample(Examples.SignLease).WithName("SignLease")
            .WithSummary("Sign a lease; 409 names an overlapping lease on the unit. end is the move-out day");
        group.MapGet("/{id}/leases", LeasesAsync).Exportable().WithName("ListLeases").WithSummary("Leases, or those expiring within N days");
        group.MapPost("/{id}/leases/{leaseId}/void", VoidLeaseAsync).WithRequestExample(Examples.VoidLease).WithName("VoidLease")
            .WithSummary("Void a lease entered by mistake, with a reason: it stays listed (voided) and in history but holds its unit on no day");
        group.MapPost("/{id}/leases/{leaseId}/correction", CorrectLeaseAsync).AlsoAnswers(StatusCodes.Status409Conflict)
            .WithRequestExample(Examples.CorrectLease).WithName("CorrectLease")
            .WithSummary("Correct a lease: it is voided with the reason and the corrected lease signed in its place (409 names another lease it would overlap)");
        group.MapPost("/{id}/leases/{leaseId}/termination", TerminateAsync).WithRequestExample(Examples.TerminateLease).WithName("TerminateLease").WithSummary("End a lease early");
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetParkHistory")
            .WithSummary("Every change of the park, its units, leases and milestones: who, when, which fields from → to");
        group.MapGet("/{id}/occupancy", OccupancyAsync).OpenToEveryRole().WithName("ParkOccupancy").WithSummary("Leased ÷ leasable area on a date, per park and building");
        group.MapGet("/{id}/vacancies", VacanciesAsync).Exportable().WithName("ParkVacancies").WithSummary("Units not let on a date, and for how long");
        group.MapGet("/{id}/tenancy", TenancyAsync).WithName("ParkTenancy")
            .WithSummary("The lease-status grid (租控图): every unit on a date — let, committed, vacant (and for how long) or unavailable — with its leases");
        group.MapGet("/{id}/occupancy/trend", TrendAsync).OpenToEveryRole().WithName("ParkOccupancyTrend")
            .WithSummary("Occupancy at the end of each of the last N months (this month as of today)");
    }

    /// <summary>Days a unit may stand empty before the grid marks it vacant too long (configuration CellValley:Parks:VacantTooLongDays).</summary>
    public const int DefaultVacantTooLongDays = 180;

    public static async Task<Results<Ok<TenancyGridDto>, ProblemHttpResult>> TenancyAsync(
        string id, DateOnly? asOf, ClaimsPrincipal user, IGrainFactory grains, ParkTenancyQueries tenancy, IConfiguration configuration, TimeProvider clock)
    {
        if (!user.CanSeeLeases(id))
        {
            return Problems.Forbidden(Messages.ForbiddenParkTenancy);
        }

        var view = ParkKey.IsValidId(id) ? await Park(grains, id).GetAsync() : null;
        if (view is null)
        {
            return NoSuchPark(id);
        }

        var threshold = configuration.GetValue("CellValley:Parks:VacantTooLongDays", DefaultVacantTooLongDays);
        var buildings = view.Buildings.Select(b => new BuildingDto(b.Id, b.Name, b.Floors)).ToArray();
        return TypedResults.Ok(await tenancy.GridAsync(id, asOf ?? clock.Today(), threshold, buildings));
    }

    public static async Task<Results<Ok<OccupancyTrendDto>, ProblemHttpResult>> TrendAsync(
        string id, int? months, ParkQueries queries, ParkTenancyQueries tenancy, TimeProvider clock)
    {
        if (months is < 1 or > 120)
        {
            return Problems.InvalidProblem("months", Rule.Between(1, 120));
        }

        var today = clock.Today();
        var now = await queries.OccupancyAsync(id, today);
        if (now is null)
        {
            return NoSuchPark(id);
        }

        return TypedResults.Ok(new OccupancyTrendDto(id, now.Park.Target ?? 0.8m, await tenancy.TrendAsync(id, today, months ?? 12)));
    }

    public static async Task<Results<Created<ParkDto>, ProblemHttpResult>> CreateAsync(ParkRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenParks);
        }

        var id = request.Id ?? "K" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        if (!ParkKey.IsValidId(id))
        {
            return Problems.InvalidProblem("id", Rule.Identifier());
        }

        var outcome = await Park(grains, id).CreateAsync(request.ToInfo(), user.ToActor());
        if (outcome.Kind == OutcomeKind.AlreadyExists)
        {
            return Problems.Conflict(Messages.ConflictParkExists, id);
        }

        return Answers.Created(outcome, http, p => $"/api/parks/{p.Id}", NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Ok<IReadOnlyList<ParkListItem>>> ListAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ParkListItem>(
            "SELECT park_id AS ParkId, name, zone, occupancy_target AS OccupancyTarget, version FROM cv_parks ORDER BY park_id");
        return TypedResults.Ok<IReadOnlyList<ParkListItem>>(rows.AsList());
    }

    public static async Task<Results<Ok<ParkDto>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        var view = ParkKey.IsValidId(id) ? await Park(grains, id).GetAsync() : null;
        if (view is null)
        {
            return NoSuchPark(id);
        }

        http.Response.Headers.ETag = Enterprises.ETags.Format(view.Version);
        return TypedResults.Ok((user.CanSeeLeases(id) ? view : view with { Leases = [] }).AsDto());
    }

    public static async Task<Results<Ok<ParkDto>, ProblemHttpResult>> UpdateAsync(
        string id, ParkRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        return Answers.Ok(await Park(grains, id).UpdateInfoAsync(request.ToInfo(), expected, user.ToActor()), http, NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<ParkDto>, ProblemHttpResult>> AddBuildingAsync(
        string id, BuildingRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var building = new Building(request.Id ?? "", request.Name ?? "", request.Floors);
        return Answers.Ok(await Park(grains, id).AddBuildingAsync(building, user.ToActor()), http, NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<ParkDto>, ProblemHttpResult>> PutUnitAsync(
        string id, string unitId, UnitRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, TimeProvider clock, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        if (!Answers.TryIfMatch(ifMatch, out var expected, out var bad))
        {
            return bad!;
        }

        var unit = new Unit(unitId, request.BuildingId ?? "", request.Floor, request.AreaSqm!.Value, request.FitOut.ToFitOut(),
            request.AvailableSince ?? clock.Today());
        return Answers.Ok(await Park(grains, id).PutUnitAsync(unit, expected, user.ToActor()), http, NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<ParkDto>, ProblemHttpResult>> MilestoneAsync(
        string id, MilestoneRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var milestone = new Milestone(request.Kind ?? "", request.Planned, request.Actual);
        return Answers.Ok(await Park(grains, id).RecordMilestoneAsync(milestone, user.ToActor()), http, NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<LeaseDto>, ProblemHttpResult>> VoidLeaseAsync(
        string id, string leaseId, VoidLeaseRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var outcome = await Park(grains, id).VoidLeaseAsync(leaseId, request.Reason ?? "", user.ToActor());
        return Answers.Ok(outcome, http, new Text(Messages.NotFoundLease, id, leaseId), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Created<LeaseDto>, ProblemHttpResult>> CorrectLeaseAsync(
        string id, string leaseId, CorrectLeaseRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        var lease = request.Lease!.ToLease(errors, "lease.");
        if (lease is null)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        var outcome = await Park(grains, id).CorrectLeaseAsync(leaseId, lease, request.Reason ?? "", user.ToActor());
        if (outcome.Kind is OutcomeKind.Invalid or OutcomeKind.Conflict)
        {
            outcome = outcome with { Errors = outcome.Errors.Select(e => e.Field is "reason" or "leaseId" ? e : e.Under("lease")).ToArray() };
        }

        return Answers.Created(outcome, http, l => $"/api/parks/{id}/leases#{l.Id}", new Text(Messages.NotFoundLease, id, leaseId), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Created<LeaseDto>, ProblemHttpResult>> SignAsync(
        string id, LeaseRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        var lease = request.ToLease(errors);
        if (lease is null)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        var outcome = await Park(grains, id).SignLeaseAsync(lease, user.ToActor());
        return Answers.Created(outcome, http, l => $"/api/parks/{id}/leases#{l.Id}", NotFound(id), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<PagedList<LeaseRow>>, ProblemHttpResult>> LeasesAsync(
        string id, int? expiringWithinDays, string? state, int? page, int? pageSize, ClaimsPrincipal user, ParkQueries queries, TimeProvider clock)
    {
        if (!user.CanSeeLeases(id))
        {
            return Problems.Forbidden(Messages.ForbiddenParkLeases);
        }

        var errors = new FieldErrors();
        if (expiringWithinDays is < 0 or > 3650)
        {
            errors.Add("expiringWithinDays", Rule.Between(0, 3650));
        }

        if (state is not null && !ParkQueries.LeaseStates.Contains(state))
        {
            errors.Add("state", Rule.OneOf(string.Join(", ", ParkQueries.LeaseStates)));
        }

        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        if (!await queries.ExistsAsync(id))
        {
            return NoSuchPark(id);
        }

        return TypedResults.Ok(await queries.LeasesAsync(id, clock.Today(), expiringWithinDays, state, page, pageSize));
    }

    public static async Task<Results<Ok<LeaseDto>, ProblemHttpResult>> TerminateAsync(
        string id, string leaseId, TerminationRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var outcome = await Park(grains, id).TerminateLeaseAsync(leaseId, request.EndOn!.Value, request.Reason ?? "", user.ToActor());
        return Answers.Ok(outcome, http, new Text(Messages.NotFoundLease, id, leaseId), ParkViewMapping.AsDto);
    }

    public static async Task<Results<Ok<ParkOccupancyDto>, ProblemHttpResult>> OccupancyAsync(string id, DateOnly? asOf, ParkQueries queries, TimeProvider clock)
    {
        var result = await queries.OccupancyAsync(id, asOf ?? clock.Today());
        return result is null ? NoSuchPark(id) : TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<PagedList<VacancyRow>>, ProblemHttpResult>> VacanciesAsync(
        string id, DateOnly? asOf, int? page, int? pageSize, ClaimsPrincipal user, ParkQueries queries, TimeProvider clock)
    {
        if (!user.CanSeeLeases(id))
        {
            return Problems.Forbidden(Messages.ForbiddenParkTenancy);
        }

        var errors = new FieldErrors();
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        if (!await queries.ExistsAsync(id))
        {
            return NoSuchPark(id);
        }

        return TypedResults.Ok(await queries.VacanciesAsync(id, asOf ?? clock.Today(), page, pageSize));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProjectionRow>>, ProblemHttpResult>> ProjectionAsync(ClaimsPrincipal user, ParkQueries queries, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenProjection);
        }

        return TypedResults.Ok(await queries.ProjectionAsync(clock.Today()));
    }

    private static ProblemHttpResult? Guard(string id, ClaimsPrincipal user)
    {
        if (!ParkKey.IsValidId(id))
        {
            return NoSuchPark(id);
        }

        return user.CanManagePark(id) ? null : Problems.Forbidden(Messages.ForbiddenChangePark, id);
    }

    private static Text NotFound(string id) => new(Messages.NotFoundPark, id);

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int? after, int? limit, ClaimsPrincipal user, EventStore events, ParkQueries queries)
    {
        if (!user.CanSeeLeases(id))
        {
            return Problems.Forbidden(Messages.ForbiddenParkLeases);
        }

        return await History.ReadAsync(events, ParkGrain.EntityType, id, after, limit, () => queries.ExistsAsync(id), NotFound(id));
    }

    private static ProblemHttpResult NoSuchPark(string id) => Problems.NotFound(NotFound(id));

    private static IParkGrain Park(IGrainFactory grains, string id) => grains.Ref<IParkGrain>(ParkKey.For(id));
}
