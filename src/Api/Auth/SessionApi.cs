using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Auth;

/// <summary>Body of POST /api/session: sign in with a username and password.</summary>
public sealed record SignInRequest([property: Required] string? Username, [property: Required] string? Password);

/// <summary>Body of POST /api/session/password.</summary>
public sealed record ChangePasswordRequest([property: Required] string? CurrentPassword, [property: Required] string? NewPassword);

/// <summary>
/// Who the caller is: the account (signed in with a session cookie) or the token, its role and scope.
/// antiforgeryToken: for a session, the value to send in the X-CSRF-TOKEN header with every write.
/// </summary>
public sealed record SessionDto(
    string Name, string Role, string? Scope, string? PersonId, string Via, AccountDto? Account, string? AntiforgeryToken);

/// <summary>
/// /api/session: people sign in with a username and password and get a session cookie (HttpOnly,
/// SameSite=Strict, Secure over HTTPS); a session's writes carry the antiforgery token it was given.
/// </summary>
public static class SessionApi
{
    public static void MapSessionApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/session").WithTags("Session").OpenToDepartments();
        group.MapPost("/", SignInAsync).AllowAnonymous()
            .WithName("SignIn")
            .WithSummary("Sign in with a username and password: sets the session cookie and answers the antiforgery token; "
                + $"{AccountStore.MaxFailures} wrong passwords in a row lock the account for {AccountStore.LockFor.TotalMinutes:0} minutes")
            .WithRequestExample(Examples.SignIn);
        group.MapGet("/", GetAsync).RequireAuthorization()
            .WithName("GetSession")
            .WithSummary("Who is signed in (or whose token this is), with a fresh antiforgery token for a session");
        group.MapDelete("/", SignOutAsync).RequireAuthorization()
            .WithName("SignOut")
            .WithSummary("Sign out: the session cookie is cleared");
        group.MapPost("/password", ChangePasswordAsync).RequireAuthorization()
            .WithName("ChangePassword")
            .WithSummary("Change the signed-in account's password (every other session of it ends)")
            .WithRequestExample(Examples.ChangePassword);
    }

    public static async Task<Results<Ok<SessionDto>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, AccountStore accounts, AuthFailureLimiter failures, IAntiforgery antiforgery)
    {
        if (failures.IsBlocked(http))
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(Messages.Get(Messages.DetailTooManyFailures), statusCode: StatusCodes.Status429TooManyRequests,
                title: Messages.Get(Messages.TitleTooManyFailures));
        }

        var (result, account) = await accounts.SignInAsync(request.Username!, request.Password!);
        switch (result)
        {
            case SignInResult.Wrong:
                failures.Failed(http);
                return TypedResults.Problem(Messages.Get(Messages.DetailWrongPassword), statusCode: StatusCodes.Status401Unauthorized,
                    title: Messages.Get(Messages.TitleUnauthorized));
            case SignInResult.Locked:
                var until = account!.LockedUntil!.Value;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(Messages.Get(Messages.DetailAccountLocked, AccountStore.MaxFailures, until.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm", CultureInfo.InvariantCulture)),
                    statusCode: StatusCodes.Status429TooManyRequests, title: Messages.Get(Messages.TitleTooManyFailures));
            case SignInResult.Disabled:
                return Problems.Forbidden(Messages.DetailAccountDisabled);
        }

        return TypedResults.Ok(await StartAsync(http, account!, antiforgery));
    }

    public static async Task<Ok<SessionDto>> GetAsync(ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery, AccountStore accounts)
    {
        if (!user.ByCookie())
        {
            return TypedResults.Ok(Describe(user, null));
        }

        var account = await accounts.FindAsync(user.AccountId()!);
        return TypedResults.Ok(Describe(user, antiforgery.GetAndStoreTokens(http).RequestToken) with { Account = account is null ? null : AccountDto.From(account) });
    }

    public static async Task<NoContent> SignOutAsync(ClaimsPrincipal user, HttpContext http)
    {
        if (user.ByCookie())
        {
            await http.SignOutAsync(Sessions.CookieScheme);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SessionDto>, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext http, AccountStore accounts, IAntiforgery antiforgery)
    {
        if (!http.User.ByCookie())
        {
            return Problems.Forbidden(Messages.ForbiddenPasswordForTokens);
        }

        var id = http.User.AccountId()!;
        if (!await accounts.VerifyAsync(id, request.CurrentPassword!))
        {
            return Problems.Invalid("currentPassword", Messages.AsRule(Messages.RuleWrongPassword));
        }

        var errors = new FieldErrors();
        PasswordRules.Check(errors, "newPassword", request.NewPassword!, http.User.FindFirstValue("cv:username") ?? "");
        if (request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", Messages.AsRule(Messages.RulePasswordUnchanged));
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var account = await accounts.SetPasswordAsync(id, request.NewPassword!, mustChange: false);
        // Every session of the account ended with the new stamp: this one carries on with a new cookie.
        return TypedResults.Ok(await StartAsync(http, account!, antiforgery));
    }

    /// <summary>Signs the account in on this response and answers the session with its antiforgery token.</summary>
    private static async Task<SessionDto> StartAsync(HttpContext http, Account account, IAntiforgery antiforgery)
    {
        var principal = Sessions.Principal(account);
        await http.SignInAsync(Sessions.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        http.User = principal;
        return Describe(principal, antiforgery.GetAndStoreTokens(http).RequestToken) with { Account = AccountDto.From(account) };
    }

    private static SessionDto Describe(ClaimsPrincipal user, string? antiforgeryToken) => new(
        user.Identity?.Name ?? "", user.Role(), user.Scope(), user.FindFirstValue(ApiRoles.PersonIdClaim),
        user.ByCookie() ? "session" : "token", null, antiforgeryToken);
}

/// <summary>The password rules: at least 10 characters, letters and digits, not the username.</summary>
public static class PasswordRules
{
    public const int MinLength = 10;

    public static void Check(FieldErrors errors, string field, string password, string username)
    {
        if (password.Length < MinLength || password.Length > 128)
        {
            errors.Add(field, Messages.AsRule(Messages.RulePasswordLength, MinLength, 128));
        }
        else if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            errors.Add(field, Messages.AsRule(Messages.RulePasswordMix));
        }
        else if (username.Length > 0 && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, Messages.AsRule(Messages.RulePasswordUsername));
        }
    }
}
