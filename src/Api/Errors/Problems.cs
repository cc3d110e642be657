using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CellValley.Api.Errors;

/// <summary>RFC 9457 problem details in the shapes this API uses.</summary>
public static class Problems
{
    /// <summary>400 naming each field and the rule it broke.</summary>
    public static ValidationProblem Invalid(IEnumerable<FieldError> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(Messages.Rule).ToArray()),
            detail: detail ?? Messages.Get(Messages.DetailInvalid),
            title: Messages.Get(Messages.TitleInvalid));

    public static ValidationProblem Invalid(string field, string rule) => Invalid([new FieldError(field, rule)]);

    public static ValidationProblem Invalid(string field, Rule rule) => Invalid([new FieldError(field, rule.English, rule.Code, rule.Args)]);

    /// <summary>The same 400 as <see cref="Invalid(IEnumerable{FieldError}, string?)"/>, typed as a problem result.</summary>
    public static ProblemHttpResult InvalidProblem(IEnumerable<FieldError> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(Messages.Rule).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Messages.Get(Messages.TitleInvalid),
            Detail = Messages.Get(Messages.DetailInvalid),
        });

    public static ProblemHttpResult InvalidProblem(string field, string rule) => InvalidProblem([new FieldError(field, rule)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: Messages.Get(Messages.TitleNotFound));

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: Messages.Get(Messages.TitleConflict));

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: Messages.Get(Messages.TitleForbidden));

    public static ProblemHttpResult PreconditionFailed(int currentVersion) =>
        TypedResults.Problem(
            Messages.Get(Messages.DetailPreconditionFailed, currentVersion),
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: Messages.Get(Messages.TitlePreconditionFailed),
            extensions: new Dictionary<string, object?> { ["currentEtag"] = $"\"{currentVersion}\"" });

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(
            Messages.Get(Messages.DetailPreconditionRequired),
            statusCode: StatusCodes.Status428PreconditionRequired,
            title: Messages.Get(Messages.TitlePreconditionRequired),
            extensions: new Dictionary<string, object?> { ["field"] = "If-Match" });

    /// <summary>Writes a problem response directly (for middleware and auth handlers).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        var service = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        context.Response.StatusCode = status;
        if (service is not null)
        {
            return service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
        }

        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
