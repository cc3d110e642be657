using System.Security.Claims;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Auth;

/// <summary>
/// What each role may read of enterprises, decided here once and applied by the areas that show
/// enterprise data (profiles, lists, products, funding, history, relations, eligibility):
/// admins, staff and viewers read every record in full; an enterprise reads its own record in full
/// and of any other only the public card (name, segments, tier, district, park); a park operator
/// reads the public cards of its park's tenants and nothing else of any enterprise.
/// </summary>
public static class ReadScope
{
    /// <summary>Whether the caller may read this enterprise's full record (contacts, figures, products, funding, history, relations).</summary>
    public static bool ReadsEnterpriseInFull(this ClaimsPrincipal user, string creditCode) => user.Role() switch
    {
        ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer => true,
        ApiRoles.Enterprise => string.Equals(user.Scope(), creditCode, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Whether the caller reads every enterprise's record in full (and so every relation and product).</summary>
    public static bool ReadsAllEnterprises(this ClaimsPrincipal user) => user.Role() is ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer;

    /// <summary>The enterprise an enterprise token is bound to, as a relation end ("enterprise:code"); null for other roles.</summary>
    public static string? OwnEntity(this ClaimsPrincipal user) =>
        user.Role() == ApiRoles.Enterprise && user.Scope() is { } code ? $"enterprise:{code}" : null;

    /// <summary>
    /// For routes under /api/enterprises/{code}/… that show or change the full record: the caller
    /// must read that enterprise in full. A malformed code passes through to the handler's 400.
    /// </summary>
    public static TBuilder RequiresFullEnterpriseRecord<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var user = context.HttpContext.User;
            var code = context.HttpContext.GetRouteValue("code") as string;
            if (code is null || !CreditCode.IsValid(code) || user.ReadsEnterpriseInFull(CreditCode.Normalize(code)))
            {
                return await next(context);
            }

            return user.IsParkOperator()
                ? Problems.Forbidden(Messages.Get(Messages.ScopeParkOperator))
                : Problems.Forbidden(Messages.Get(Messages.ScopeEnterpriseOthers));
        });
}
