using System.Globalization;
using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Proposals;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Funding;
using CellValley.Grains.Proposals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Funding;

/// <summary>Funding: /api/enterprises/{code}/funding, and the grant-cap policy versions.</summary>
public static class FundingApi
{
    public static void MapFundingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/enterprises/{code}/funding").WithTags("Funding").RequireAuthorization().RequiresFullEnterpriseRecord();
        group.MapPost("/", RecordAsync).AlsoAnswers(StatusCodes.Status422UnprocessableEntity).WithName("RecordFunding")
            .WithSummary("Record an equity round or loan (the enterprise or staff) or a grant (staff); grants are checked against policy caps; an enterprise's own round or loan waits for review (202 and the proposal)")
            .WithRequestExample(Examples.RecordGrant);
        group.MapPost("/{fundingId}/void", VoidAsync).WithRequestExample(Examples.VoidFunding).WithName("VoidFunding")
            .WithSummary("Void a mistaken entry with a reason (staff): it stays on record and in history but no longer counts, in totals or against caps");
        group.MapPost("/{fundingId}/correction", CorrectAsync).AlsoAnswers(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(Examples.CorrectFunding).WithName("CorrectFunding")
            .WithSummary("Correct an entry (staff): it is voided with the reason and the corrected entry recorded in its place, checked against the caps without it");
        group.MapGet("/", ListAsync).WithName("GetFunding").WithSummary("Funding entries with totals by year, source and currency");

        routes.MapGet("/api/policies/grant-caps", (GrantPolicies policies) => TypedResults.Ok(policies.Versions.Select(v => v.AsDto()).ToArray()))
            .WithTags("Funding").RequireAuthorization().OpenToEveryRole().WithName("GetGrantCaps")
            .WithSummary("The grant-cap policy versions of seed 004, with their effective dates");
    }

    public static async Task<Results<Created<FundingDto>, Accepted<ProposalDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string code, NewFundingRequest request, ClaimsPrincipal user, IGrainFactory grains, ReviewPolicy policy)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var isGrant = request.Kind == FundingRules.Grant;
        if (isGrant ? !user.IsStaff() : !user.CanEditEnterprise(code))
        {
            return isGrant ? Problems.Forbidden(Messages.ForbiddenGrants) : Problems.Forbidden(Messages.ForbiddenChangeEnterprise, code);
        }

        if (!isGrant && user.Role() == ApiRoles.Enterprise && policy.RecordNeedsReview(ProposalKinds.Funding))
        {
            var (preview, proposal) = await ProposalsApi.ProposeRecordAsync(
                code, new ProposedRecord(ProposalKinds.Funding, Funding: request.ToNewFunding()), request.Comment, null, user, grains);
            return proposal is not null ? TypedResults.Accepted($"/api/proposals/{proposal.Id}", proposal) : preview.Kind switch
            {
                OutcomeKind.NotFound => EnterpriseRoute.NotRegistered(code),
                OutcomeKind.Conflict => Answers.Conflict(preview),
                _ => Problems.Invalid(preview.Errors),
            };
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).RecordFundingAsync(request.ToNewFunding(), user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created($"/api/enterprises/{code}/funding#{outcome.Value!.Id}", outcome.Value.AsDto()),
            OutcomeKind.NotFound => EnterpriseRoute.NotRegistered(code),
            OutcomeKind.PolicyBreach => CapExceeded(outcome.Breach!),
            OutcomeKind.Conflict => Answers.Conflict(outcome),
            _ => Problems.Invalid(outcome.Errors),
        };
    }

    public static async Task<Results<Ok<FundingDto>, ValidationProblem, ProblemHttpResult>> VoidAsync(
        string code, string fundingId, VoidFundingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenGrants);
        }

        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).VoidFundingAsync(fundingId, request.Reason ?? "", user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(outcome.Value!.AsDto()),
            OutcomeKind.NotFound => Problems.NotFound(Messages.NotFoundFunding, code, fundingId),
            OutcomeKind.Conflict => Answers.Conflict(outcome),
            _ => Problems.Invalid(outcome.Errors),
        };
    }

    public static async Task<Results<Created<FundingDto>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        string code, string fundingId, CorrectFundingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenGrants);
        }

        // kind, date and amount (and funding itself) are [Required]: the input guard has named any that is missing.
        var funding = request.Funding!;
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code))
            .CorrectFundingAsync(fundingId, funding.ToNewFunding(), request.Reason ?? "", user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created($"/api/enterprises/{code}/funding#{outcome.Value!.Id}", outcome.Value.AsDto()),
            OutcomeKind.NotFound => Problems.NotFound(Messages.NotFoundFunding, code, fundingId),
            OutcomeKind.PolicyBreach => CapExceeded(outcome.Breach!),
            OutcomeKind.Conflict => Answers.Conflict(outcome),
            _ => Problems.Invalid(outcome.Errors.Select(e => e.Field is "reason" or "fundingId" ? e : e.Under("funding"))),
        };
    }

    public static async Task<Results<Ok<FundingSummaryDto>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string code, IGrainFactory grains, GrantPolicies policies, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var entries = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).GetFundingAsync();
        if (entries is null)
        {
            return EnterpriseRoute.NotRegistered(code);
        }

        var grants = entries.Where(e => e.Kind == FundingRules.Grant && e.Voided is null && e.Category is not null)
            .Select(e => new RecordedGrant(e.Category!, e.ProductId, e.Date, e.Amount)).ToArray();
        var caps = GrantCapUse.On(policies, grants, clock.Today())
            .Select(c => new GrantCapUseDto(c.Kind, c.PolicyVersion, c.Subject, c.Category, c.ProductId, c.CapYuan, c.UsedYuan, c.HeadroomYuan)).ToArray();
        return TypedResults.Ok(new FundingSummaryDto(entries.Select(e => e.AsDto()).ToArray(), FundingDtoMapping.Totals(entries), caps));
    }

    private static ProblemHttpResult CapExceeded(CapBreach breach) => TypedResults.Problem(
        Messages.Get(Messages.DetailGrantCap, breach.RequestedYuan.ToString("N0", CultureInfo.InvariantCulture),
            Messages.Get(breach.Kind == "annual" ? Messages.CapAnnual : Messages.CapPerProduct, breach.Subject), breach.PolicyVersion,
            breach.CapYuan.ToString("N0", CultureInfo.InvariantCulture), breach.UsedYuan.ToString("N0", CultureInfo.InvariantCulture),
            breach.HeadroomYuan.ToString("N0", CultureInfo.InvariantCulture)),
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: Messages.Get(Messages.TitleGrantCap),
        extensions: new Dictionary<string, object?>
        {
            ["field"] = "amount",
            ["rule"] = breach.Rule,
            ["policyVersion"] = breach.PolicyVersion,
            ["capYuan"] = breach.CapYuan,
            ["usedYuan"] = breach.UsedYuan,
            ["headroomYuan"] = breach.HeadroomYuan,
            ["requestedYuan"] = breach.RequestedYuan,
        });
}
