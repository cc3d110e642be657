using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Parks;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Enterprises;

/// <summary>/api/enterprises: the enterprise registry.</summary>
public static class EnterprisesApi
{
    public static RouteGroupBuilder MapEnterprisesApi(this IEndpointRouteBuilder routes)
    {
        // Every route needs a token; what a token may change is decided per handler from its role and scope.
        var group = routes.MapGroup("/api/enterprises").WithTags("Enterprises").RequireAuthorization();

        group.MapPost("/", RegisterAsync)
            .WithName("RegisterEnterprise")
            .WithSummary("Register an enterprise (企业) under its Unified Social Credit Code")
            .WithRequestExample(Examples.RegisterEnterprise);
        group.MapGet("/{code}", GetAsync)
            .WithName("GetEnterprise")
            .WithSummary("Read an enterprise; the ETag header carries its version");
        group.MapMethods("/{code}", [HttpMethods.Patch], UpdateAsync)
            .WithName("UpdateEnterprise")
            .RequiresIfMatch()
            .WithSummary("Change profile fields; requires If-Match with the ETag you read. Staff changes apply at once (200); an enterprise's own "
                + "changes apply at once only for trusted fields (contacts) — the rest become a proposal for staff to review (202, Location of the proposal)")
            .WithRequestExample(Examples.UpdateEnterprise);
        group.MapPost("/{code}/status", SetStatusAsync).RequiresIfMatch()
            .WithName("SetEnterpriseStatus")
            .WithSummary("Record a move-out (迁出, with the destination), a deregistration (注销) or a return to active; staff only, requires If-Match")
            .WithRequestExample(Examples.SetEnterpriseStatus);
        TenancyCache.DropsTenanciesOnWrite(group.MapPost("/{code}/merge-into", MergeAsync)).RequiresIfMatch()
            .WithName("MergeEnterprise")
            .WithSummary("Merge this record, a duplicate of the same firm (e.g. entered under a mistyped code), into the surviving record: products, funding and recognitions move there, leases, relations and leads are repointed, this record is kept as merged and takes no more changes; staff only, requires If-Match of this record")
            .WithRequestExample(Examples.MergeEnterprise);
        group.MapPost("/{code}/tiers/{seq}/void", VoidRecognitionAsync).RequiresIfMatch()
            .WithName("VoidTierRecognition")
            .WithSummary("Void a tier recognition recorded by mistake (seq as listed in tierHistory), with a reason; it stays in the history and counts nowhere; staff only, requires If-Match")
            .WithRequestExample(Examples.VoidRecognition);
        group.MapPost("/{code}/tiers", RecordTierAsync)
            .WithName("RecordTierRecognition")
            .WithSummary("Record a tier recognition (雏鹰/瞪羚/领军培育/领军); admin and staff only")
            .WithRequestExample(Examples.RecordTier);
        group.MapGet("/{code}/history", HistoryAsync)
            .RequiresFullEnterpriseRecord()
            .WithName("GetEnterpriseHistory")
            .WithSummary("Every recorded change of the enterprise: who, when, which fields from → to");
        group.MapGet("/", ListAsync)
            .OpenToEveryRole()
            .Exportable()
            .WithName("ListEnterprises")
            .WithSummary("Search and filter enterprises (served from the read table); park: tenants of that park; expired: whose current recognition has lapsed; sort: name, foundedOn, headcount, tierSince or updatedAt, '-' first for descending");
        return group;
    }

    public static async Task<Results<Created<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterEnterpriseRequest request, ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy,
        HttpContext http, TimeProvider clock)
    {
        if (request is null)
        {
            return Problems.Invalid("body", Messages.AsRule(Messages.RuleBodyRequired));
        }

        if (CreditCode.Validate(request.CreditCode) is { } rule)
        {
            return Problems.Invalid("creditCode", rule);
        }

        var code = CreditCode.Normalize(request.CreditCode!);
        if (!user.CanEditEnterprise(code))
        {
            return Problems.Forbidden(Messages.ForbiddenRegisterEnterprise, code);
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).RegisterAsync(request.ToProfile(), user.ToActor());
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                SetETag(http, outcome.CurrentVersion);
                return TypedResults.Created($"/api/enterprises/{code}", outcome.Value!.AsDto(TierNames(taxonomy), clock.Today()));
            case OutcomeKind.AlreadyExists:
                return Problems.Conflict(Messages.ConflictEnterpriseExists, code);
            case OutcomeKind.Conflict:
                return Answers.Conflict(outcome);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    public static async Task<Results<SerializedJson<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, ParkQueries parks, TenancyCache tenancyCache,
        ProfileAnswers answers, HttpContext http, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }
        var operatorPark = user.IsParkOperator() ? user.Scope() : null;
        if (operatorPark is not null && !await parks.IsTenantAsync(operatorPark, code))
        {
            return Problems.Forbidden(Messages.ForbiddenNotTenant, code);
        }

        var view = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).GetAsync();
        if (view is null)
        {
            return Problems.NotFound(Messages.NotFoundEnterprise, code);
        }

        var today = clock.Today();
        var tenancies = await tenancyCache.GetAsync(code, operatorPark, today);
        var full = user.ReadsEnterpriseInFull(code);
        SetETag(http, view.Version);
        return new SerializedJson<EnterpriseDto>(answers.Get(view, today, tenancies, full, () =>
        {
            var dto = view.AsDto(TierNames(taxonomy), today) with { Tenancies = tenancies };
            return full ? dto : dto.PublicCard();
        }));
    }

    public static async Task<Results<Ok<EnterpriseDto>, Accepted<Proposals.ProposalDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, UpdateEnterpriseRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, TimeProvider clock, Grains.Proposals.ReviewPolicy policy)
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

        if (request is null)
        {
            return Problems.Invalid("body", Messages.AsRule(Messages.RuleBodyRequired));
        }

        if (user.Role() == ApiRoles.Enterprise)
        {
            // An enterprise's own changes: trusted fields apply at once, the rest wait for review as a proposal (202).
            var (direct, proposal, preview) = await Proposals.ProposalsApi.ProposeAsync(code, request.ToChanges(), request.Comment, expected, user, grains, policy);
            if (!preview.Registered)
            {
                return Problems.NotFound(Messages.NotFoundEnterprise, code);
            }

            if (preview.Errors.Count > 0)
            {
                return Problems.Invalid(preview.Errors);
            }

            if (proposal is not null)
            {
                SetETag(http, direct?.CurrentVersion ?? preview.Version);
                return TypedResults.Accepted($"/api/proposals/{proposal.Id}", await Proposals.ProposalsApi.ToDtoAsync(proposal, grains));
            }

            if (direct is null)
            {
                if (expected is { } stale && stale != preview.Version)
                {
                    return Problems.PreconditionFailed(preview.Version);
                }

                // Nothing changed: the record as it is.
                var current = (await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).GetAsync())!;
                return Ok(Outcome<EnterpriseView>.Ok(current, current.Version));
            }

            return direct.Kind switch
            {
                OutcomeKind.Ok => Ok(direct),
                OutcomeKind.VersionMismatch => Problems.PreconditionFailed(direct.CurrentVersion),
                _ => Problems.Invalid(direct.Errors),
            };
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code))
            .UpdateProfileAsync(request.ToChanges(), expected, user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => Ok(outcome),
            OutcomeKind.NotFound => Problems.NotFound(Messages.NotFoundEnterprise, code),
            OutcomeKind.VersionMismatch => Problems.PreconditionFailed(outcome.CurrentVersion),
            OutcomeKind.Conflict => Answers.Conflict(outcome),
            _ => Problems.Invalid(outcome.Errors),
        };

        Ok<EnterpriseDto> Ok(Outcome<EnterpriseView> result)
        {
            SetETag(http, result.CurrentVersion);
            return TypedResults.Ok(result.Value!.AsDto(TierNames(taxonomy), clock.Today()));
        }
    }

    public static async Task<Results<Created<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> RecordTierAsync(
        string code, RecordTierRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }
        if (!user.CanRecordTier())
        {
            return Problems.Forbidden(Messages.ForbiddenRecognitions);
        }

        if (!Answers.TryIfMatch(ifMatch, out var expected, out var malformed))
        {
            return malformed!;
        }

        var recognition = new RecognizeTier(request.Tier ?? "", request.RecognizedOn!.Value, request.Batch,
            request.Source ?? "", request.Reason, request.ValidUntil);
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code))
            .RecognizeTierAsync(recognition, expected, user.ToActor());
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                SetETag(http, outcome.CurrentVersion);
                return TypedResults.Created($"/api/enterprises/{code}", outcome.Value!.AsDto(TierNames(taxonomy), clock.Today()));
            case OutcomeKind.NotFound:
                return Problems.NotFound(Messages.NotFoundEnterprise, code);
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            case OutcomeKind.Conflict:
                return Answers.Conflict(outcome);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    public static async Task<Results<Ok<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> VoidRecognitionAsync(
        string code, string seq, VoidRecognitionRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.CanRecordTier())
        {
            return Problems.Forbidden(Messages.ForbiddenRecognitions);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        if (!int.TryParse(seq, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Problems.NotFound(Messages.NotFoundRecognition, code, seq);
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).VoidRecognitionAsync(number, request.Reason ?? "", expected, user.ToActor());
        return Answer(outcome, code, http, v => v.AsDto(TierNames(taxonomy), clock.Today()), new Text(Messages.NotFoundRecognition, code, seq));
    }

    /// <summary>200 with the answer and the enterprise's ETag, or the problem the outcome names (404 as given, else the enterprise's).</summary>
    private static Results<Ok<TDto>, ValidationProblem, ProblemHttpResult> Answer<T, TDto>(
        Outcome<T> outcome, string code, HttpContext http, Func<T, TDto> map, Text? notFound = null)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                SetETag(http, outcome.CurrentVersion);
                return TypedResults.Ok(map(outcome.Value!));
            case OutcomeKind.NotFound:
                return Problems.NotFound(notFound ?? new Text(Messages.NotFoundEnterprise, code));
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            case OutcomeKind.Conflict:
                return Answers.Conflict(outcome);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    public static async Task<Results<Ok<EnterpriseDto>, ValidationProblem, ProblemHttpResult>> SetStatusAsync(
        string code, EnterpriseStatusRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (StaffChange(user, ifMatch, Messages.ForbiddenStatus, out var expected) is { } refused)
        {
            return refused;
        }

        var change = new StatusChange(request.Status!.Trim(), request.Since!.Value, request.Destination, request.Reason);
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).SetStatusAsync(change, expected, user.ToActor());
        return Answer(outcome, code, http, v => v.AsDto(TierNames(taxonomy), clock.Today()));
    }

    public static async Task<Results<Ok<MergeResultDto>, ValidationProblem, ProblemHttpResult>> MergeAsync(
        string code, MergeEnterpriseRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, IGrainFactory grains, ClusterTaxonomy taxonomy, HttpContext http, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (StaffChange(user, ifMatch, Messages.ForbiddenMerge, out var expected) is { } refused)
        {
            return refused;
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code))
            .MergeIntoAsync(request.Survivor!.Trim(), request.Reason!, expected, user.ToActor());
        var names = TierNames(taxonomy);
        return Answer(outcome, code, http, r => new MergeResultDto(
            r.Duplicate.AsDto(names, clock.Today()),
            r.Survivor.AsDto(names, clock.Today()),
            new MergedCountsDto(r.Products, r.Funding, r.Recognitions, r.Leases, r.Relations, r.Leads)));
    }

    /// <summary>A staff-only change of an enterprise needs a staff token and the If-Match of the version read.</summary>
    private static ProblemHttpResult? StaffChange(ClaimsPrincipal user, string? ifMatch, string forbidden, out int? expected)
    {
        expected = null;
        return user.IsStaff() ? Answers.RequireIfMatch(ifMatch, out expected) : Problems.Forbidden(forbidden);
    }

    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string code, EventStore events, IGrainFactory grains, int? after, int? limit)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        return await History.ReadAsync(events, EnterpriseGrain.EntityType, code, after, limit,
            async () => await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).GetAsync() is not null, new Text(Messages.NotFoundEnterprise, code));
    }

    public static async Task<Results<Ok<PagedList<EnterpriseListItem>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, EnterpriseQueries queries, ClusterTaxonomy taxonomy,
        string? q, string? segment, string? tier, string? district, string? status, string? park, bool? expired, string? sort, int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        errors.MaxLength("q", q, 100);
        errors.MaxLength("district", district, 50);
        errors.MaxLength("park", park, 64);
        if (segment is not null && !taxonomy.IsSegment(segment))
        {
            errors.Add("segment", Rule.UnknownSegment(segment));
        }

        var tierCode = tier;
        if (tier is not null)
        {
            tierCode = taxonomy.FindTier(tier)?.Code;
            if (tierCode is null)
            {
                errors.Add("tier", Rule.OneOf(string.Join(", ", taxonomy.Tiers.Select(t => t.Code))));
            }
        }

        if (sort is not null && !EnterpriseFilter.Orders.ContainsKey(sort))
        {
            errors.Add("sort", Rule.OneOf(string.Join(", ", EnterpriseFilter.Orders.Keys)));
        }

        if (status is not null && !EnterpriseStatuses.Listed.Contains(status))
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", EnterpriseStatuses.Listed)));
        }

        Paging.Check(errors, page, pageSize);

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        // A park operator lists its own park's tenants only; others may ask for any park's.
        var tenantsOf = user.IsParkOperator() ? user.Scope() ?? "" : string.IsNullOrWhiteSpace(park) ? null : park.Trim();
        var result = await queries.ListAsync(new EnterpriseFilter(q, segment, tierCode, district, page ?? 1, pageSize ?? 20, tenantsOf, status, sort, expired));
        return TypedResults.Ok(user.ReadsAllEnterprises()
            ? result
            : result with { Items = result.Items.Select(i => user.ReadsEnterpriseInFull(i.CreditCode) ? i : i.PublicCard()).ToArray() });
    }

    private static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETags.Format(version);

    private static Func<string, string> TierNames(ClusterTaxonomy taxonomy) => code => taxonomy.FindTier(code)?.Name ?? code;

}
