using CellValley.Api.Errors;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CellValley.Api.Auth;

/// <summary>Route filters for scopes that a role check alone does not express.</summary>
public static class ScopeFilters
{
    /// <summary>
    /// Park operators see their own park and their tenants' basic profiles, nothing more: this keeps
    /// them out of an enterprise's products, funding, history, relations and eligibility.
    /// </summary>
    public static TBuilder NotForParkOperators<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => context.HttpContext.User.IsParkOperator()
            ? Problems.Forbidden(Messages.ScopeParkOperator)
            : await next(context));
}
