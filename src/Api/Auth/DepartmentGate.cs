using CellValley.Api.Errors;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CellValley.Api.Auth;

/// <summary>Marks a route a department account may call (the plans and its own reports); every other route is closed to it.</summary>
public sealed class OpenToDepartmentsMetadata
{
    public static readonly OpenToDepartmentsMetadata Instance = new();
}

/// <summary>
/// A department account reads the action plans and reports on the items it is responsible for, nothing else:
/// the routes it may call carry <see cref="OpenToDepartmentsMetadata"/> and every other route answers it 403 before
/// its handler runs (closed by default, so a route added later is not opened to departments by mistake).
/// </summary>
public static class DepartmentGate
{
    public static TBuilder OpenToDepartments<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(OpenToDepartmentsMetadata.Instance);

    public static IApplicationBuilder UseDepartmentGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Role() == ApiRoles.Department
                && context.Request.Path.StartsWithSegments("/api")
                && context.GetEndpoint() is { } endpoint
                && endpoint.Metadata.GetMetadata<OpenToDepartmentsMetadata>() is null)
            {
                await Problems.Forbidden(Messages.ScopeDepartment).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
