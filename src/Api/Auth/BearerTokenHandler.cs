using System.Security.Claims;
using System.Text.Encodings.Web;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CellValley.Api.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;token&gt;" against the token table. Live tokens are
/// cached briefly so that a request does not cost a database round trip; a revoked token stops
/// working within <see cref="CacheFor"/>.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenStore tokens,
    IMemoryCache cache,
    AuthFailureLimiter failures) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private const int MaxTokenLength = 200;
    private const string ThrottledKey = "cv:auth-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must use the Bearer scheme.");
        }

        if (failures.IsBlocked(Context))
        {
            Context.Items[ThrottledKey] = true;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > MaxTokenLength)
        {
            failures.Failed(Context);
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        var key = "token:" + Convert.ToHexString(TokenStore.Hash(secret));
        if (!cache.TryGetValue(key, out ApiToken? token))
        {
            token = await tokens.FindAsync(secret);
            if (token is null)
            {
                failures.Failed(Context);
                return AuthenticateResult.Fail("The bearer token is unknown or revoked.");
            }

            cache.Set(key, token, CacheFor);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, token!.Label),
            new(ClaimTypes.Role, token.Role),
            new(ApiRoles.TokenIdClaim, token.Id.ToString()),
        };
        if (token.Scope is not null)
        {
            claims.Add(new Claim(ApiRoles.ScopeClaim, token.Scope));
        }

        if (token.PersonId is not null)
        {
            claims.Add(new Claim(ApiRoles.PersonIdClaim, token.PersonId));
            claims.Add(new Claim(ApiRoles.PersonNameClaim, token.PersonName ?? token.Label));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledKey))
        {
            Response.Headers.RetryAfter = "60";
            return Problems.Write(Context, StatusCodes.Status429TooManyRequests, Messages.Get(Messages.TitleTooManyFailures),
                Messages.Get(Messages.DetailTooManyFailures));
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, Messages.Get(Messages.TitleUnauthorized),
            Messages.Get(Messages.DetailUnauthorized));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, Messages.Get(Messages.TitleForbidden),
            Messages.Get(Messages.DetailForbidden));
}
