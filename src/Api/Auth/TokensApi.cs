using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Auth;

/// <summary>Body of POST /api/admin/tokens.</summary>
/// <remarks>person: for staff and admin tokens, the person the token stands for (an id from GET /api/people); left out, a new person named by the label.</remarks>
public sealed record MintTokenRequest([property: Required] string? Role, string? Scope, [property: Required] string? Label, string? Person = null);

/// <summary>A token as admins see it: never its secret.</summary>
public sealed record TokenDto(
    Guid Id, string Role, string? Scope, string Label, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? PersonId, string? PersonName);

/// <summary>A freshly minted token: the secret is shown this once.</summary>
public sealed record MintedTokenDto(Guid Id, string Token, string Role, string? Scope, string Label, DateTimeOffset CreatedAt, string? PersonId, string? PersonName);

/// <summary>A person who owns work (leads): their roles through live tokens, and whether any is live.</summary>
public sealed record PersonDto(string Id, string Name, IReadOnlyList<string> Roles, bool Active);

public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder routes)
    {
        // Only admins mint, list and revoke tokens.
        var group = routes.MapGroup("/api/admin/tokens").WithTags("Admin").RequireAuthorization(ApiRoles.AdminPolicy);
        group.MapPost("/", MintAsync).WithName("MintToken").WithSummary("Mint a bearer token for a role (and scope)")
            .WithRequestExample(Examples.MintToken);
        group.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("List tokens (never their secrets)");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeToken").WithSummary("Revoke a token");

        routes.MapGet("/api/people", PeopleAsync).WithTags("Admin").RequireAuthorization().WithName("ListPeople")
            .WithSummary("The people who own work (staff and admins), to hand a lead over to; people whose tokens were all revoked are marked inactive");
    }

    public static async Task<Results<Ok<IReadOnlyList<PersonDto>>, ProblemHttpResult>> PeopleAsync(ClaimsPrincipal user, TokenStore tokens) =>
        user.CanSeeLeads()
            ? TypedResults.Ok<IReadOnlyList<PersonDto>>((await tokens.PeopleAsync()).Select(p => new PersonDto(p.Id, p.Name, p.Roles, p.Active)).ToArray())
            : Problems.Forbidden(Messages.ForbiddenLeadPipeline);

    public static async Task<Results<Created<MintedTokenDto>, ValidationProblem>> MintAsync(
        MintTokenRequest request, TokenStore tokens, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        foreach (var error in Validate(request))
        {
            errors.Add(error);
        }

        await CheckPersonAsync(errors, request?.Person, request?.Role, tokens);

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var scope = request!.Role == ApiRoles.Enterprise ? CreditCode.Normalize(request.Scope!) : request.Scope?.Trim();
        var (token, secret) = await tokens.MintAsync(request.Role!, scope, request.Label!.Trim(), user.ToActor().Name, personId: request.Person);
        return TypedResults.Created($"/api/admin/tokens/{token.Id}",
            new MintedTokenDto(token.Id, secret, token.Role, token.Scope, token.Label, token.CreatedAt, token.PersonId, token.PersonName));
    }

    public static async Task<Ok<IReadOnlyList<TokenDto>>> ListAsync(TokenStore tokens) =>
        TypedResults.Ok<IReadOnlyList<TokenDto>>((await tokens.ListAsync())
            .Select(t => new TokenDto(t.Id, t.Role, t.Scope, t.Label, t.CreatedBy, t.CreatedAt, t.RevokedAt, t.PersonId, t.PersonName)).ToArray());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, TokenStore tokens) =>
        await tokens.RevokeAsync(id) ? TypedResults.NoContent() : Problems.NotFound(Messages.NotFoundToken, id);

    /// <summary>A person to act for is named only for staff and admin credentials, and must exist (checked after the other fields pass).</summary>
    public static async Task CheckPersonAsync(FieldErrors errors, string? person, string? role, TokenStore tokens)
    {
        if (person is null || errors.Any)
        {
            return;
        }

        if (!ApiRoles.OwnsWork(role!))
        {
            errors.Add("person", Rule.OnlyWhen("role = staff or admin"));
        }
        else if (await tokens.FindPersonAsync(person) is null)
        {
            errors.Add("person", Rule.NotRegistered(person));
        }
    }

    /// <summary>Checks a mint request: a known role, a scope exactly when the role is scoped, a label.</summary>
    public static IReadOnlyList<FieldError> Validate(MintTokenRequest? request)
    {
        var errors = new FieldErrors();
        if (request is null)
        {
            errors.Add("body", Messages.AsRule(Messages.RuleBodyRequired));
            return errors.ToList();
        }

        if (request.Role is null || !ApiRoles.All.Contains(request.Role))
        {
            errors.Add("role", Rule.OneOf(string.Join(", ", ApiRoles.All)));
        }
        else if (ApiRoles.IsScoped(request.Role))
        {
            if (string.IsNullOrWhiteSpace(request.Scope))
            {
                errors.Add("scope", Rule.TokenScopeRequired(request.Role!));
            }
            else if (request.Role == ApiRoles.Enterprise && CreditCode.Validate(request.Scope) is { } codeRule)
            {
                errors.Add("scope", codeRule);
            }
            else if (request.Role == ApiRoles.Department && PlanCatalogue.EmbeddedDepartments.All(d => d.Code != request.Scope.Trim()))
            {
                errors.Add("scope", Rule.OneOf(string.Join(", ", PlanCatalogue.EmbeddedDepartments.Select(d => d.Code))));
            }
            else
            {
                errors.MaxLength("scope", request.Scope, 64);
            }
        }
        else if (request.Scope is not null)
        {
            errors.Add("scope", Rule.TokenScopeForbidden(request.Role!));
        }

        errors.Required("label", request.Label, 100);
        return errors.ToList();
    }
}
