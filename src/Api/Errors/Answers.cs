using CellValley.Api.Enterprises;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CellValley.Api.Errors;

/// <summary>Turns a grain's outcome into the HTTP answer every endpoint gives for it.</summary>
public static class Answers
{
    /// <summary>200 with the value mapped to its DTO and its ETag, or the problem the outcome names.</summary>
    public static Results<Ok<TDto>, ProblemHttpResult> Ok<T, TDto>(Outcome<T> outcome, HttpContext http, Text notFound, Func<T, TDto> map)
    {
        if (outcome.Kind == OutcomeKind.Ok)
        {
            http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
            return TypedResults.Ok(map(outcome.Value!));
        }

        return Problem(outcome, notFound);
    }

    /// <summary>201 at the location with the value mapped to its DTO, or the problem the outcome names.</summary>
    public static Results<Created<TDto>, ProblemHttpResult> Created<T, TDto>(
        Outcome<T> outcome, HttpContext http, Func<T, string> location, Text notFound, Func<T, TDto> map)
    {
        if (outcome.Kind == OutcomeKind.Ok)
        {
            http.Response.Headers.ETag = ETags.Format(outcome.CurrentVersion);
            return TypedResults.Created(location(outcome.Value!), map(outcome.Value!));
        }

        return Problem(outcome, notFound);
    }

    public static ProblemHttpResult Problem<T>(Outcome<T> outcome, Text notFound) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Problems.NotFound(notFound),
        OutcomeKind.VersionMismatch => Problems.PreconditionFailed(outcome.CurrentVersion),
        OutcomeKind.AlreadyExists => Problems.Conflict(Messages.ConflictExists),
        OutcomeKind.Conflict => Conflict(outcome),
        _ => Problems.InvalidProblem(outcome.Errors),
    };

    /// <summary>409 naming, per field, what the request clashes with (an overlapping lease, a merged record).</summary>
    public static ProblemHttpResult Conflict<T>(Outcome<T> outcome) => TypedResults.Problem(
        string.Join(" ", outcome.Errors.Select(e => $"{e.Field}: {Messages.Rule(e)}.")),
        statusCode: StatusCodes.Status409Conflict,
        title: Messages.Get(Messages.TitleConflict),
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = outcome.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(Messages.Rule).ToArray()),
        });

    /// <summary>Reads a required If-Match: 428 when missing, 400 when malformed, else null.</summary>
    public static ProblemHttpResult? RequireIfMatch(string? ifMatch, out int? expected)
    {
        expected = null;
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired();
        }

        return TryIfMatch(ifMatch, out expected, out var problem) ? null : problem;
    }

    /// <summary>Reads an optional If-Match; false with the 400 when it is malformed.</summary>
    public static bool TryIfMatch(string? ifMatch, out int? expected, out ProblemHttpResult? problem)
    {
        expected = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(ifMatch) || ETags.TryParse(ifMatch, out expected))
        {
            return true;
        }

        problem = Problems.InvalidProblem("If-Match", Messages.AsRule(Messages.RuleIfMatch));
        return false;
    }
}
