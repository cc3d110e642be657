using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CellValley.Api.Auth;

/// <summary>Request limits (section CellValley:Limits).</summary>
public sealed class ApiLimitsOptions
{
    public const string Section = "CellValley:Limits";

    /// <summary>Failed authentications one client address may make per minute; beyond it, 429 without a database lookup.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:AuthFailuresPerMinute must be between 1 and 1000000.")]
    public int AuthFailuresPerMinute { get; set; } = 30;

    /// <summary>Sustained requests per second one token or session may make; 0 turns the limit off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Limits:RequestsPerSecondPerToken must be between 0 (off) and 1000000.")]
    public int RequestsPerSecondPerToken { get; set; } = 200;

    /// <summary>Requests a token may make at once above the sustained rate.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:BurstPerToken must be between 1 and 1000000.")]
    public int BurstPerToken { get; set; } = 1000;
}

/// <summary>
/// Counts failed authentications per client address, so that guessing tokens costs the guesser
/// more than the registry: past the limit, further attempts are refused before any lookup.
/// </summary>
public sealed class AuthFailureLimiter(IOptions<ApiLimitsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.AuthFailuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether this address has used up its failures for the current minute.</summary>
    public bool IsBlocked(HttpContext http) => _failures.GetStatistics(Address(http))?.CurrentAvailablePermits == 0;

    /// <summary>Counts one failed authentication.</summary>
    public void Failed(HttpContext http)
    {
        using var lease = _failures.AttemptAcquire(Address(http));
    }

    public void Dispose() => _failures.Dispose();

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>The per-token request limit, on ASP.NET Core's rate limiter.</summary>
public static class ApiRateLimits
{
    public static IServiceCollection AddCellValleyLimits(this IServiceCollection services)
    {
        services.AddOptions<ApiLimitsOptions>().BindConfiguration(ApiLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, Messages.Get(Messages.TitleTooManyRequests),
                    Messages.Get(Messages.DetailTooManyRequests)));
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<ApiLimitsOptions>>().Value;
                var caller = http.User.FindFirstValue(ApiRoles.TokenIdClaim);
                if (caller is null || limits.RequestsPerSecondPerToken == 0)
                {
                    // Unauthenticated requests are answered without work (or limited as failures above).
                    return RateLimitPartition.GetNoLimiter("none");
                }

                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.BurstPerToken,
                    TokensPerPeriod = limits.RequestsPerSecondPerToken,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
