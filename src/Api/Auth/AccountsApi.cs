using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.RegularExpressions;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Memory;

namespace CellValley.Api.Auth;

/// <summary>An account as admins and its owner see it: never its password.</summary>
public sealed record AccountDto(
    string Id, string Username, string DisplayName, string Role, string? Scope, string? PersonId, bool MustChangePassword,
    bool Disabled, DateTimeOffset? LockedUntil, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    public static AccountDto From(Account a) => new(
        a.Id, a.Username, a.DisplayName, a.Role, a.Scope, a.PersonId, a.MustChangePassword, a.DisabledAt is not null,
        a.LockedUntil > DateTimeOffset.UtcNow ? a.LockedUntil : null, a.CreatedBy, a.CreatedAt, a.LastSignInAt);
}

/// <summary>
/// Body of POST /api/admin/accounts. username: 3–32 of a–z, 0–9, '.', '_', '-'; scope: the credit code (enterprise)
/// or park id (park-operator); person: for staff and admin accounts, an existing person (GET /api/people) whose
/// leads the account takes on, else a new person with the display name.
/// </summary>
public sealed record CreateAccountRequest(
    [property: Required] string? Username, [property: Required] string? DisplayName, [property: Required] string? Role, string? Scope, string? Person = null);

/// <summary>A new account, or a password reset: the temporary password is shown this once and must be changed at the first sign-in.</summary>
public sealed record TemporaryPasswordDto(AccountDto Account, string TemporaryPassword);

/// <summary>/api/admin/accounts: admins create, disable, enable accounts and reset their passwords.</summary>
public static partial class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin/accounts").WithTags("Admin").RequireAuthorization(ApiRoles.AdminPolicy);
        group.MapGet("/", ListAsync).WithName("ListAccounts").WithSummary("Every account (never a password)");
        group.MapPost("/", CreateAsync).WithName("CreateAccount")
            .WithSummary("Create an account for a person; answers a temporary password, shown once, to be changed at the first sign-in")
            .WithRequestExample(Examples.CreateAccount);
        group.MapPost("/{id}/disable", (string id, AccountStore accounts, IMemoryCache cache) => SetDisabledAsync(id, true, accounts, cache)).WithName("DisableAccount")
            .WithSummary("Disable an account: its sessions end at once and it cannot sign in");
        group.MapPost("/{id}/enable", (string id, AccountStore accounts, IMemoryCache cache) => SetDisabledAsync(id, false, accounts, cache)).WithName("EnableAccount")
            .WithSummary("Enable a disabled account again (and lift a lock)");
        group.MapPost("/{id}/password-reset", ResetAsync).WithName("ResetAccountPassword")
            .WithSummary("Give the account a new temporary password (shown once); its sessions end and a lock is lifted");
    }

    public static async Task<Ok<IReadOnlyList<AccountDto>>> ListAsync(AccountStore accounts) =>
        TypedResults.Ok<IReadOnlyList<AccountDto>>((await accounts.ListAsync()).Select(AccountDto.From).ToArray());

    public static async Task<Results<Created<TemporaryPasswordDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAccountRequest request, AccountStore accounts, TokenStore tokens, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        var username = AccountStore.NormalizeUsername(request.Username!);
        if (!UsernamePattern().IsMatch(username))
        {
            errors.Add("username", Messages.AsRule(Messages.RuleUsername));
        }

        // Role, scope and person follow the same rules as a token's; the display name stands where a token has its label.
        var asToken = new MintTokenRequest(request.Role, request.Scope, request.DisplayName, request.Person);
        foreach (var error in TokensApi.Validate(asToken))
        {
            errors.Add(error.Field == "label" ? error with { Field = "displayName" } : error);
        }

        await TokensApi.CheckPersonAsync(errors, request.Person, request.Role, tokens);

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var scope = request.Role == ApiRoles.Enterprise ? CreditCode.Normalize(request.Scope!) : request.Scope?.Trim();
        var password = AccountStore.TemporaryPassword();
        var account = await accounts.CreateAsync(username, request.DisplayName!.Trim(), request.Role!, scope, password, mustChange: true,
            user.ToActor().Name, request.Person);
        if (account is null)
        {
            return Problems.Conflict(Messages.ConflictUsername, username);
        }

        return TypedResults.Created($"/api/admin/accounts/{account.Id}", new TemporaryPasswordDto(AccountDto.From(account), password));
    }

    public static async Task<Results<Ok<AccountDto>, ProblemHttpResult>> SetDisabledAsync(string id, bool disabled, AccountStore accounts, IMemoryCache cache)
    {
        var account = await accounts.FindAsync(id);
        if (account is null)
        {
            return Problems.NotFound(Messages.NotFoundAccount, id);
        }

        // The last enabled admin account stays: without it nobody could manage accounts from the console.
        if (disabled && account.Role == ApiRoles.Admin && account.DisabledAt is null
            && (await accounts.ListAsync()).Count(a => a.Role == ApiRoles.Admin && a.DisabledAt is null) == 1)
        {
            return Problems.Conflict(Messages.ConflictLastAdmin);
        }

        var changed = (await accounts.SetDisabledAsync(id, disabled))!;
        Sessions.Forget(cache, account);
        return TypedResults.Ok(AccountDto.From(changed));
    }

    public static async Task<Results<Ok<TemporaryPasswordDto>, ProblemHttpResult>> ResetAsync(string id, AccountStore accounts, IMemoryCache cache)
    {
        var before = await accounts.FindAsync(id);
        if (before is null)
        {
            return Problems.NotFound(Messages.NotFoundAccount, id);
        }

        var password = AccountStore.TemporaryPassword();
        var account = (await accounts.SetPasswordAsync(id, password, mustChange: true))!;
        Sessions.Forget(cache, before);
        return TypedResults.Ok(new TemporaryPasswordDto(AccountDto.From(account), password));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex UsernamePattern();
}
