using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Tiers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Tiers;

/// <summary>One clause's verdict: the threshold, the fact it was compared with, and why when unknown.</summary>
public sealed record ClauseVerdictDto(string Id, string Text, string Status, string? Threshold, string? Actual, string? Note, IReadOnlyList<ClauseVerdictDto>? AnyOf);

/// <summary>The verdict for one tier under the rule set in force.</summary>
public sealed record TierVerdictDto(string Tier, string RuleSet, string Title, string Status, IReadOnlyList<ClauseVerdictDto> Clauses);

public sealed record EligibilityDto(string CreditCode, DateOnly EvaluatedOn, IReadOnlyList<TierVerdictDto> Verdicts);

/// <summary>A clause with its published threshold and the one in force (an admin's, when set).</summary>
public sealed record ClauseDto(string Id, string Text, string Kind, decimal? PublishedValue, decimal? Value, bool SetByAdmin, IReadOnlyList<ClauseDto>? AnyOf);

public sealed record RuleSetDto(string Id, string Tier, string Title, DateOnly EffectiveFrom, DateOnly? EffectiveTo, int Version, IReadOnlyList<ClauseDto> Clauses);

/// <summary>Body of PUT /api/admin/tier-criteria/{ruleSet}/clauses/{clause}: a number, or null for the published value.</summary>
public sealed record SetThresholdRequest(decimal? Value);

/// <summary>The tier-eligibility engine and its versioned criteria.</summary>
public static class TierCriteriaApi
{
    public static void MapTierCriteriaApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/enterprises/{code}/tier-eligibility", EligibilityAsync).WithTags("Tiers").RequireAuthorization().RequiresFullEnterpriseRecord()
            .WithName("GetTierEligibility")
            .WithSummary("Each tier's criteria in force on a day (asOf, default today), clause by clause: met, not met or unknown, with the values used");
        routes.MapGet("/api/tier-criteria", ListAsync).WithTags("Tiers").RequireAuthorization().OpenToEveryRole()
            .WithName("ListTierCriteria").WithSummary("The rule sets with their published and admin-set thresholds");
        // Thresholds decide recognitions: admins only.
        routes.MapPut("/api/admin/tier-criteria/{ruleSet}/clauses/{clause}", SetAsync).WithTags("Admin")
            .RequireAuthorization(ApiRoles.AdminPolicy).RequiresIfMatch().WithRequestExample(Examples.SetThreshold).WithName("SetTierThreshold")
            .WithSummary("Set a clause's threshold (null: back to the published value); requires If-Match with the rule set's version");
    }

    public static async Task<Results<Ok<EligibilityDto>, ValidationProblem, ProblemHttpResult>> EligibilityAsync(
        string code, DateOnly? asOf, IGrainFactory grains, TimeProvider clock)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        var today = clock.Today();
        if (asOf > today)
        {
            return Problems.Invalid("asOf", Rule.NotInFuture(today));
        }

        var verdicts = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).EvaluateEligibilityAsync(asOf ?? today);
        if (verdicts is null)
        {
            return EnterpriseRoute.NotRegistered(code);
        }

        return TypedResults.Ok(new EligibilityDto(code, asOf ?? today,
            verdicts.Select(v => new TierVerdictDto(v.Tier, v.RuleSet, v.Title, v.Status, v.Clauses.Select(AsDto).ToArray())).ToArray()));
    }

    public static async Task<Ok<IReadOnlyList<RuleSetDto>>> ListAsync(TierCriteria criteria, IGrainFactory grains)
    {
        var sets = new List<RuleSetDto>();
        foreach (var ruleSet in criteria.RuleSets)
        {
            var parameters = await grains.Ref<ITierCriteriaGrain>(TierCriteriaKey.For(ruleSet.Id)).GetAsync();
            sets.Add(ToDto(ruleSet, parameters));
        }

        return TypedResults.Ok<IReadOnlyList<RuleSetDto>>(sets);
    }

    public static async Task<Results<Ok<RuleSetDto>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string ruleSet, string clause, SetThresholdRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal user, TierCriteria criteria, IGrainFactory grains, HttpContext http)
    {
        var set = criteria.Find(ruleSet);
        if (set is null)
        {
            return Problems.NotFound(Messages.NotFoundRuleSet, ruleSet);
        }

        if (Answers.RequireIfMatch(ifMatch, out var expected) is { } precondition)
        {
            return precondition;
        }

        var outcome = await grains.Ref<ITierCriteriaGrain>(TierCriteriaKey.For(ruleSet))
            .SetThresholdAsync(clause, request.Value, expected, user.ToActor());
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
                return TypedResults.Ok(ToDto(set, outcome.Value!));
            case OutcomeKind.VersionMismatch:
                return Problems.PreconditionFailed(outcome.CurrentVersion);
            case OutcomeKind.NotFound:
                return Problems.NotFound(Messages.NotFoundRuleSet, ruleSet);
            default:
                return Problems.Invalid(outcome.Errors);
        }
    }

    private static ClauseVerdictDto AsDto(ClauseResult c) =>
        new(c.Id, c.Text, c.Status, Messages.Phrase(c.Threshold), Messages.Phrase(c.Actual), Messages.Phrase(c.Note), c.AnyOf?.Select(AsDto).ToArray());

    private static RuleSetDto ToDto(RuleSet set, CriteriaParameters parameters) =>
        new(set.Id, set.Tier, set.Title, set.EffectiveFrom, set.EffectiveTo, parameters.Version,
            set.Clauses.Select(c => ToDto(c, parameters)).ToArray());

    private static ClauseDto ToDto(Clause clause, CriteriaParameters parameters)
    {
        var admin = parameters.Overrides.TryGetValue(clause.Id, out var value);
        return new ClauseDto(clause.Id, clause.Text, clause.Kind, clause.Value, admin ? value : clause.Value, admin,
            clause.AnyOf?.Select(c => ToDto(c, parameters)).ToArray());
    }
}
