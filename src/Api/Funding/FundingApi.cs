using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Funding;
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
            .WithSummary("Record an equity round or loan (the enterprise or staff) or a grant (staff); grants are checked against policy caps")
            .WithRequestExample(Examples.RecordGrant);
        group.MapGet("/", ListAsync).WithName("GetFunding").WithSummary("Funding entries with totals by year, source and currency");

        routes.MapGet("/api/policies/grant-caps", (GrantPolicies policies) => TypedResults.Ok(policies.Versions.Select(v => v.AsDto()).ToArray()))
            .WithTags("Funding").RequireAuthorization().OpenToEveryRole().WithName("GetGrantCaps")
            .WithSummary("The grant-cap policy versions of seed 004, with their effective dates");
    }

    public static async Task<Results<Created<FundingDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string code, NewFundingRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var isGrant = request.Kind == FundingRules.Grant;
        if (isGrant ? !user.IsStaff() : !user.CanEditEnterprise(code))
        {
            return Problems.Forbidden(isGrant
                ? "Grants are recorded by admin and staff tokens only."
                : $"Your token may not change enterprise {code}.");
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            errors.Add("kind", Rule.Required());
        }

        if (request.Date is null)
        {
            errors.Add("date", Rule.Required());
        }

        if (request.Amount is null)
        {
            errors.Add("amount", Rule.Required());
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var outcome = await grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(code)).RecordFundingAsync(request.ToNewFunding(), user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created($"/api/enterprises/{code}/funding#{outcome.Value!.Id}", outcome.Value.AsDto()),
            OutcomeKind.NotFound => EnterpriseRoute.NotRegistered(code),
            OutcomeKind.PolicyBreach => CapExceeded(outcome.Breach!),
            _ => Problems.Invalid(outcome.Errors),
        };
    }

    public static async Task<Results<Ok<FundingSummaryDto>, ValidationProblem, ProblemHttpResult>> ListAsync(string code, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var entries = await grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(code)).GetFundingAsync();
        if (entries is null)
        {
            return EnterpriseRoute.NotRegistered(code);
        }

        return TypedResults.Ok(new FundingSummaryDto(entries.Select(e => e.AsDto()).ToArray(), FundingDtoMapping.Totals(entries)));
    }

    private static ProblemHttpResult CapExceeded(CapBreach breach) => TypedResults.Problem(
        $"The grant of ¥{breach.RequestedYuan:N0} breaks the {breach.Rule} of policy {breach.PolicyVersion}: "
        + $"the cap is ¥{breach.CapYuan:N0}, ¥{breach.UsedYuan:N0} is already granted, ¥{breach.HeadroomYuan:N0} is left.",
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
