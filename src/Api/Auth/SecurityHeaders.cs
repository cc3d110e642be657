using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CellValley.Api.Auth;

/// <summary>
/// Standard response headers that keep browsers from sniffing types, leaking addresses in
/// referrers, framing the pages, or running scripts from anywhere but this service.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts, styles and data only from this service; inline styles are allowed because the
    /// console's component library positions popups with them. No framing, no plugins.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Orleans dashboard (admins only) ships inline scripts.</summary>
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/dashboard") ? DashboardPolicy : ContentSecurityPolicy;
            return next(context);
        });
}
