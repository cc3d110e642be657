using System.Security.Claims;
using System.Security.Cryptography;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Parks;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Leads;

/// <summary>The investment-promotion pipeline (招商线索). Staff and admins change it; viewers read it; no one else sees it.</summary>
public static class LeadsApi
{
    public static void MapLeadsApi(this IEndpointRouteBuilder routes)
    {
        var group = TenancyCache.DropsTenanciesOnWrite(routes.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization())
            .AddEndpointFilter(async (context, next) => context.HttpContext.User.CanSeeLeads()
                ? await next(context)
                : Problems.Forbidden(Messages.ForbiddenLeadPipeline));
        group.MapPost("/", CreateAsync).WithName("CreateLead").WithSummary("Open a lead (owner: you, or ownerId from GET /api/people); 409 when an open lead already follows the company")
            .WithRequestExample(Examples.CreateLead);
        group.MapGet("/", ListAsync).Exportable().WithName("ListLeads").WithSummary("Leads by owner, stage, status and segment");
        group.MapGet("/overdue", OverdueAsync).Exportable().WithName("OverdueLeads").WithSummary("Open leads whose next follow-up date has passed");
        group.MapGet("/stale", StaleAsync).Exportable().WithName("StaleLeads").WithSummary("Active leads idle in their stage beyond its threshold");
        group.MapGet("/funnel", FunnelAsync).WithName("LeadFunnel").WithSummary("Leads reaching each stage, and conversion to the next");
        group.MapGet("/{id}", GetAsync).WithName("GetLead").WithSummary("One lead with its stage history and activity log");
        group.MapPut("/{id}", UpdateAsync).RequiresIfMatch().WithRequestExample(Examples.UpdateLead).WithName("UpdateLead").WithSummary("Replace what is known of the lead; requires If-Match");
        group.MapPost("/{id}/owner", AssignAsync).WithRequestExample(Examples.AssignLead).WithName("AssignLead").WithSummary("Hand the lead to another staff account");
        group.MapPost("/{id}/stages", StageAsync).WithRequestExample(Examples.MoveLeadStage).WithName("MoveLeadStage").WithSummary("Move the lead to another stage (back only with a reason)");
        group.MapPost("/{id}/status", StatusAsync).WithRequestExample(Examples.SetLeadStatus).WithName("SetLeadStatus").WithSummary("active, delayed, dormant, or lost (reason and lostTo)");
        group.MapPost("/{id}/activities", ActivityAsync).WithRequestExample(Examples.LogLeadActivity).WithName("LogLeadActivity").WithSummary("Log a visit, call or meeting; optionally set the next follow-up");
        group.MapPost("/{id}/landing", LandAsync).WithName("LandLead")
            .WithSummary("Land the lead: register its enterprise and (optionally) sign its lease in one action, all or nothing")
            .WithRequestExample(Examples.LandLead);
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetLeadHistory")
            .WithSummary("Every change of the lead: stages, statuses, owners, activities; who, when, from → to");
        group.MapGet("/{id}/space-matches", SpaceMatchesAsync).WithName("LeadSpaceMatches").WithSummary("Vacant units ranked by fit for the lead's space needs");
    }

    public static async Task<Results<Created<LeadDto>, ProblemHttpResult>> CreateAsync(
        LeadRequest request, ClaimsPrincipal user, IGrainFactory grains, TokenStore tokens, LeadQueries queries, HttpContext http)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenLeads);
        }

        var owner = await OwnerAsync(request.OwnerId, user, tokens);
        if (owner.Problem is not null)
        {
            return owner.Problem;
        }

        if (request.ConfirmDuplicate != true && await queries.OpenLeadsForAsync(request.Company, request.CreditCode) is { Count: > 0 } same)
        {
            return Problems.Conflict(Messages.ConflictLeadExists, string.Join(", ", same));
        }

        var id = "L" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var outcome = await Lead(grains, id).CreateAsync(request.ToInfo(), owner.Id!, owner.Name!, request.OpenedOn, user.ToActor());
        return Answers.Created(outcome, http, l => $"/api/leads/{l.Id}", NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Ok<PagedList<LeadRow>>, ProblemHttpResult>> ListAsync(
        string? owner, string? stage, string? status, string? segment, int? page, int? pageSize,
        LeadQueries queries, LeadCatalogue catalogue, ClusterTaxonomy taxonomy, TimeProvider clock)
    {
        var errors = new FieldErrors();
        if (stage is not null && catalogue.FindStage(stage) is null)
        {
            errors.Add("stage", Rule.OneOf(string.Join(", ", catalogue.Stages.Select(s => s.Code))));
        }

        if (status is not null && !catalogue.Statuses.Contains(status))
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", catalogue.Statuses)));
        }

        if (segment is not null && !taxonomy.IsSegment(segment))
        {
            errors.Add("segment", Rule.UnknownSegment(segment));
        }

        errors.MaxLength("owner", owner, 64);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        return TypedResults.Ok(await queries.ListAsync(new LeadFilter(owner, stage, status, segment, page ?? 1, pageSize ?? 20), clock.Today()));
    }

    public static async Task<Results<Ok<PagedList<LeadRow>>, ValidationProblem>> OverdueAsync(
        string? owner, int? page, int? pageSize, LeadQueries queries, TimeProvider clock)
    {
        var errors = new FieldErrors();
        errors.MaxLength("owner", owner, 100);
        Paging.Check(errors, page, pageSize);
        return errors.Any ? Problems.Invalid(errors.ToList()) : TypedResults.Ok(await queries.OverdueAsync(owner, clock.Today(), page, pageSize));
    }

    public static async Task<Results<Ok<PagedList<LeadRow>>, ValidationProblem>> StaleAsync(int? page, int? pageSize, LeadQueries queries, TimeProvider clock)
    {
        var errors = new FieldErrors();
        Paging.Check(errors, page, pageSize);
        return errors.Any ? Problems.Invalid(errors.ToList()) : TypedResults.Ok(await queries.StaleAsync(clock.Today(), page, pageSize));
    }

    public static async Task<Ok<FunnelDto>> FunnelAsync(LeadQueries queries) => TypedResults.Ok(await queries.FunnelAsync());

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext http)
    {
        var view = IsId(id) ? await Lead(grains, id).GetAsync() : null;
        if (view is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        http.Response.Headers.ETag = ETags.Format(view.Version);
        return TypedResults.Ok(view.AsDto());
    }

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> UpdateAsync(
        string id, LeadRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        return Answers.Ok(await Lead(grains, id).UpdateAsync(request.ToInfo(), expected, user.ToActor()), http, NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> AssignAsync(
        string id, OwnerRequest request, ClaimsPrincipal user, IGrainFactory grains, TokenStore tokens, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(request.OwnerId))
        {
            return Problems.InvalidProblem("ownerId", Rule.OwnerPerson());
        }

        var owner = await OwnerAsync(request.OwnerId, user, tokens);
        if (owner.Problem is not null)
        {
            return owner.Problem;
        }

        return Answers.Ok(await Lead(grains, id).AssignAsync(owner.Id!, owner.Name!, user.ToActor()), http, NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> StageAsync(
        string id, StageRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, IGrainFactory grains, TimeProvider clock, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        if (!Answers.TryIfMatch(ifMatch, out var expected, out var bad))
        {
            return bad!;
        }

        var outcome = await Lead(grains, id).MoveStageAsync(request.Stage ?? "", request.Since ?? clock.Today(), request.Reason, expected, user.ToActor());
        return Answers.Ok(outcome, http, NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> StatusAsync(
        string id, LeadStatusRequest request, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var outcome = await Lead(grains, id).SetStatusAsync(request.Status ?? "", request.Reason, request.LostTo, user.ToActor());
        return Answers.Ok(outcome, http, NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Ok<LeadDto>, ProblemHttpResult>> ActivityAsync(
        string id, ActivityRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider clock, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var activity = new LeadActivity(request.Date ?? clock.Today(), request.Type ?? "", request.Note ?? "", "");
        var outcome = await Lead(grains, id).LogActivityAsync(activity, request.NextFollowUp, user.ToActor());
        return Answers.Ok(outcome, http, NotFound(id), LeadViewMapping.AsDto);
    }

    public static async Task<Results<Created<LandingResultDto>, ProblemHttpResult>> LandAsync(
        string id, LandingRequest request, ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, TimeProvider clock, HttpContext http)
    {
        if (Guard(id, user) is { } refused)
        {
            return refused;
        }

        var lead = await Lead(grains, id).GetAsync();
        if (lead is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        var code = request.CreditCode ?? lead.Info.CreditCode;
        if (code is null)
        {
            return Problems.InvalidProblem("creditCode", Rule.LeadWithoutCode());
        }

        var profile = request.Enterprise?.ToProfile() ?? new EnterpriseProfile(lead.Info.Company, null, [lead.Info.Segment], null, null, null, null, null, null, []);
        LandingLease? lease = null;
        if (request.Lease is { } wanted)
        {
            var errors = new FieldErrors();
            var terms = new LeaseRequest(code, wanted.UnitId, wanted.AreaSqm, wanted.Start, wanted.End, wanted.SignedOn, wanted.Note).ToLease(errors, "lease.");
            if (string.IsNullOrWhiteSpace(wanted.ParkId) || !ParkKey.IsValidId(wanted.ParkId))
            {
                errors.Add("lease.parkId", Rule.Required());
            }

            if (errors.Any)
            {
                return Problems.InvalidProblem(errors.ToList());
            }

            lease = new LandingLease(wanted.ParkId!, terms!);
        }

        var outcome = await Lead(grains, id).LandAsync(new Landing(code, profile, lease), user.ToActor());
        if (!outcome.IsOk)
        {
            return Answers.Problem(outcome, NotFound(id));
        }

        var result = outcome.Value!;
        var enterprise = result.Enterprise.AsDto(c => taxonomy.FindTier(c)?.Name ?? c, clock.Today());
        return TypedResults.Created($"/api/enterprises/{enterprise.CreditCode}", new LandingResultDto(result.Lead.AsDto(), enterprise, result.Lease?.AsDto()));
    }

    public static async Task<Results<Ok<RankedList<SpaceMatch>>, ProblemHttpResult>> SpaceMatchesAsync(
        string id, IGrainFactory grains, ParkQueries parks, TimeProvider clock)
    {
        var lead = IsId(id) ? await Lead(grains, id).GetAsync() : null;
        if (lead is null)
        {
            return Problems.NotFound(NotFound(id));
        }

        if (lead.Info.Space is null)
        {
            return Problems.InvalidProblem("space", Rule.LeadWithoutSpace());
        }

        return TypedResults.Ok(SpaceMatching.Rank(lead.Info.Space, await parks.AllVacanciesAsync(clock.Today())));
    }

    /// <summary>The owner: the given person, who must still have a live staff or admin token, else the caller's person.</summary>
    private static async Task<(string? Id, string? Name, ProblemHttpResult? Problem)> OwnerAsync(string? personId, ClaimsPrincipal user, TokenStore tokens)
    {
        if (personId is null)
        {
            return (user.FindFirstValue(ApiRoles.PersonIdClaim), user.FindFirstValue(ApiRoles.PersonNameClaim), null);
        }

        var person = await tokens.FindPersonAsync(personId.Trim());
        if (person is null || !person.Active || !person.Roles.Any(ApiRoles.OwnsWork))
        {
            return (null, null, Problems.InvalidProblem("ownerId", Rule.OwnerPerson()));
        }

        return (person.Id, person.Name, null);
    }

    private static ProblemHttpResult? Guard(string id, ClaimsPrincipal user)
    {
        if (!IsId(id))
        {
            return Problems.NotFound(NotFound(id));
        }

        return user.IsStaff() ? null : Problems.Forbidden(Messages.ForbiddenLeads);
    }

    private static bool IsId(string id) => id.Length is > 1 and <= 40 && id.All(char.IsAsciiLetterOrDigit);

    private static Text NotFound(string id) => new(Messages.NotFoundLead, id);


    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(string id, int? after, int? limit, EventStore events, IGrainFactory grains) =>
        await History.ReadAsync(events, LeadGrain.EntityType, id, after, limit, async () => await Lead(grains, id).GetAsync() is not null, NotFound(id));

    private static ILeadGrain Lead(IGrainFactory grains, string id) => grains.Ref<ILeadGrain>(LeadKey.For(id));
}
