using System.Security.Claims;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace CellValley.Api.Auth;

/// <summary>
/// Two ways in: a bearer token (integrations) or a signed-in account's session cookie (people, in the
/// console). A request with an Authorization header is judged by its token; any other by its cookie.
/// A cookie session ends when its account is disabled or its password changes (the security stamp in
/// the cookie no longer matches), checked at most every <see cref="StampCheckEvery"/>. Writes made with a
/// cookie must carry the antiforgery token (header <see cref="AntiforgeryHeader"/>).
/// </summary>
public static class Sessions
{
    public const string Scheme = "cv";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "cv_session";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";
    public const string AccountIdClaim = "cv:account-id";
    public const string StampClaim = "cv:stamp";
    public const string MustChangeClaim = "cv:must-change-password";
    public static readonly TimeSpan StampCheckEvery = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddCellValleyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AccountStore>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "cv_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or session cookie", o =>
            {
                o.ForwardDefaultSelector = http =>
                    string.IsNullOrEmpty(http.Request.Headers.Authorization) ? CookieScheme : BearerTokenHandler.SchemeName;
                // One way to say "sign in" and "not allowed": the problem documents of the bearer handler.
                o.ForwardChallenge = BearerTokenHandler.SchemeName;
                o.ForwardForbid = BearerTokenHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = Lifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        return services;
    }

    /// <summary>The claims a signed-in account carries, as a token of the same role would.</summary>
    public static ClaimsPrincipal Principal(Account account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Role, account.Role),
            new(AccountIdClaim, account.Id),
            new(StampClaim, account.SecurityStamp),
            new("cv:username", account.Username),
        };
        if (account.Scope is not null)
        {
            claims.Add(new Claim(ApiRoles.ScopeClaim, account.Scope));
        }

        if (account.MustChangePassword)
        {
            claims.Add(new Claim(MustChangeClaim, "true"));
        }

        if (account.PersonId is not null)
        {
            claims.Add(new Claim(ApiRoles.PersonIdClaim, account.PersonId));
            claims.Add(new Claim(ApiRoles.PersonNameClaim, account.DisplayName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme));
    }

    public static bool ByCookie(this ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme };

    public static string? AccountId(this ClaimsPrincipal user) => user.FindFirstValue(AccountIdClaim);

    /// <summary>Drops what this silo remembers of the account's sessions, so a disable or reset ends them at once here (other silos within <see cref="StampCheckEvery"/>).</summary>
    public static void Forget(IMemoryCache cache, Account before) => cache.Remove(SessionKey(before.Id, before.SecurityStamp));

    private static string SessionKey(string? accountId, string? stamp) => "session:" + accountId + ":" + stamp;

    /// <summary>A session stands while its account is enabled and its stamp unchanged.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal!;
        var cache = context.HttpContext.RequestServices.GetRequiredService<IMemoryCache>();
        var key = SessionKey(user.AccountId(), user.FindFirstValue(StampClaim));
        if (cache.TryGetValue(key, out bool standing) && standing)
        {
            return;
        }

        var account = await context.HttpContext.RequestServices.GetRequiredService<AccountStore>().FindAsync(user.AccountId() ?? "");
        if (account is null || account.DisabledAt is not null || account.SecurityStamp != user.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        cache.Set(key, true, StampCheckEvery);
    }

    /// <summary>
    /// Refuses an API write made with a session cookie that lacks the antiforgery token (403). Bearer
    /// requests and signing in (which has no session yet) are not affected. A session on a temporary
    /// password reaches only /api/session until the password is changed.
    /// </summary>
    public static IApplicationBuilder UseAntiforgeryForSessions(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var method = http.Request.Method;
        if (http.User.ByCookie() && http.User.HasClaim(MustChangeClaim, "true")
            && http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/api/session"))
        {
            await Problems.Write(http, StatusCodes.Status403Forbidden, Messages.Get(Messages.TitleForbidden), Messages.Get(Messages.DetailMustChangePassword));
            return;
        }

        if (http.User.ByCookie()
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            && http.Request.Path.StartsWithSegments("/api")
            && !(http.Request.Path.Equals("/api/session", StringComparison.Ordinal) && HttpMethods.IsPost(method)))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                await Problems.Write(http, StatusCodes.Status403Forbidden, Messages.Get(Messages.TitleForbidden), Messages.Get(Messages.DetailAntiforgery));
                return;
            }
        }

        await next(http);
    });
}
