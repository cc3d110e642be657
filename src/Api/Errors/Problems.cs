using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

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

    public static ValidationProblem Invalid(string field, Rule rule) => Invalid([FieldError.Of(field, rule)]);

    /// <summary>The same 400 as <see cref="Invalid(IEnumerable{FieldError}, string?)"/>, typed as a problem result.</summary>
    public static ProblemHttpResult InvalidProblem(IEnumerable<FieldError> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(Messages.Rule).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Messages.Get(Messages.TitleInvalid),
            Detail = Messages.Get(Messages.DetailInvalid),
        });

    public static ProblemHttpResult InvalidProblem(string field, Rule rule) => InvalidProblem([FieldError.Of(field, rule)]);

    /// <summary>404 with the detail named by a message key of <see cref="Messages"/>.</summary>
    public static ProblemHttpResult NotFound(string key, params object?[] arguments) => NotFound(new Text(key, arguments));

    public static ProblemHttpResult NotFound(Text detail) =>
        TypedResults.Problem(detail.ToString(), statusCode: StatusCodes.Status404NotFound, title: Messages.Get(Messages.TitleNotFound));

    /// <summary>409 with the detail named by a message key of <see cref="Messages"/>.</summary>
    public static ProblemHttpResult Conflict(string key, params object?[] arguments) =>
        TypedResults.Problem(Messages.Get(key, arguments), statusCode: StatusCodes.Status409Conflict, title: Messages.Get(Messages.TitleConflict));

    /// <summary>403 with the detail named by a message key of <see cref="Messages"/>.</summary>
    public static ProblemHttpResult Forbidden(string key, params object?[] arguments) =>
        TypedResults.Problem(Messages.Get(key, arguments), statusCode: StatusCodes.Status403Forbidden, title: Messages.Get(Messages.TitleForbidden));

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

    /// <summary>Puts the framework's own English titles (a route that does not exist, a method it does not answer) into the request's language.</summary>
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status is not { } status || (problem.Title is not null && problem.Title != ReasonPhrases.GetReasonPhrase(status)))
        {
            return;
        }

        var key = status switch
        {
            StatusCodes.Status400BadRequest => Messages.TitleBadRequest,
            StatusCodes.Status401Unauthorized => Messages.TitleUnauthorized,
            StatusCodes.Status403Forbidden => Messages.TitleForbidden,
            StatusCodes.Status404NotFound => Messages.TitleNotFound,
            StatusCodes.Status405MethodNotAllowed => Messages.TitleMethodNotAllowed,
            StatusCodes.Status409Conflict => Messages.TitleConflict,
            StatusCodes.Status413PayloadTooLarge => Messages.TitleTooLarge,
            StatusCodes.Status415UnsupportedMediaType => Messages.TitleUnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => Messages.TitleTooManyRequests,
            StatusCodes.Status503ServiceUnavailable => Messages.TitleUnavailable,
            >= 500 => Messages.TitleUnexpected,
            _ => null,
        };
        if (key is not null)
        {
            problem.Title = Messages.Get(key);
        }
    }

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
