using System.Text.Json;
using CellValley.Api.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace CellValley.Api.Errors;

/// <summary>
/// Turns exceptions into problem details: bad request bodies into 400/413 naming the field,
/// an unreachable database into 503, a lost storage race into 409. Anything else is a bug (500).
/// </summary>
public sealed partial class ExceptionProblemHandler(ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The dashboard parses silo addresses and grain types from its route without checking them.
        if (context.Request.Path.StartsWithSegments("/dashboard")
            && (Find<FormatException>(exception) is not null || Find<ArgumentException>(exception) is not null))
        {
            var name = context.Request.RouteValues.Keys.FirstOrDefault(k => k is not ("controller" or "action")) ?? "path";
            var why = Messages.Get(Messages.RuleDashboard);
            await Problems.Write(context, StatusCodes.Status400BadRequest, Messages.Get(Messages.TitleInvalid), $"{name}: {why}",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [name] = [why] } });
            return true;
        }

        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, Messages.Get(Messages.TitleTooLarge),
                    Messages.Get(Messages.DetailTooLarge));
                return true;

            case BadHttpRequestException bad when Find<JsonException>(bad) is { } json:
                var field = FieldOf(json.Path);
                var rule = RuleOf(context, json);
                await Problems.Write(context, StatusCodes.Status400BadRequest, Messages.Get(Messages.TitleInvalidJson),
                    $"{field}: {rule}",
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [rule] } });
                return true;

            case BadHttpRequestException bad when BindingError(bad.Message) is { } binding:
                await Problems.Write(context, binding.Status, Messages.Get(Messages.TitleInvalid), $"{binding.Field}: {binding.Rule}",
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [binding.Field] = [binding.Rule] } });
                return true;

            case BadHttpRequestException bad:
                await Problems.Write(context, bad.StatusCode, Messages.Get(Messages.TitleBadRequest), bad.Message);
                return true;

            case InconsistentStateException:
                await Problems.Write(context, StatusCodes.Status409Conflict, Messages.Get(Messages.TitleConcurrentWrite),
                    Messages.Get(Messages.DetailConcurrentWrite));
                return true;
        }

        if (IsStorageOutage(exception))
        {
            LogOutage(logger, exception.GetType().Name, exception.Message);
            context.Response.Headers.RetryAfter = "5";
            await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, Messages.Get(Messages.TitleUnavailable),
                Messages.Get(Messages.DetailDatabaseDown));
            return true;
        }

        if (Find<TimeoutException>(exception) is not null && !IsClusterChange(exception))
        {
            // A call that did not answer in time: busy servers or an unresponsive one — not known to be a stopped server,
            // and a write may still have gone through.
            LogOutage(logger, exception.GetType().Name, exception.Message);
            context.Response.Headers.RetryAfter = "2";
            await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, Messages.Get(Messages.TitleUnavailable),
                Messages.Get(Messages.DetailTimeout));
            return true;
        }

        if (IsClusterChange(exception))
        {
            LogOutage(logger, exception.GetType().Name, exception.Message);
            context.Response.Headers.RetryAfter = "2";
            await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, Messages.Get(Messages.TitleUnavailable),
                Messages.Get(Messages.DetailClusterChange));
            return true;
        }

        LogUnexpected(logger, exception);
        await Problems.Write(context, StatusCodes.Status500InternalServerError, Messages.Get(Messages.TitleUnexpected),
            Messages.Get(Messages.DetailUnexpected));
        return true;
    }

    /// <summary>PostgreSQL cannot be reached or refuses connections; an error in a statement is a bug, not an outage.</summary>
    private static bool IsStorageOutage(Exception exception) => Find<NpgsqlException>(exception) switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        { } => true,
        null => false,
    };

    /// <summary>Transient failures while silos join or leave: the call can simply be retried.</summary>
    private static bool IsClusterChange(Exception exception) =>
        Find<OrleansMessageRejectionException>(exception) is not null
        || Find<SiloUnavailableException>(exception) is not null;

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>
    /// The field and rule behind ASP.NET Core's parameter-binding failures, which name the parameter
    /// only in their message: a missing body, a missing or malformed route or query value, a body
    /// that is not JSON.
    /// </summary>
    private static (int Status, string Field, string Rule)? BindingError(string message)
    {
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            || (message.StartsWith("Required parameter", StringComparison.Ordinal) && message.EndsWith("from body.", StringComparison.Ordinal)))
        {
            return (StatusCodes.Status400BadRequest, "body", Messages.Get(Messages.RuleBodyRequired));
        }

        if (message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "Content-Type", Messages.Get(Messages.RuleJson));
        }

        var match = BindingMessage().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value.Replace("Nullable<", "", StringComparison.Ordinal);
        var field = match.Groups["name"].Value;
        if (match.Groups["missing"].Success)
        {
            return (StatusCodes.Status400BadRequest, field, Messages.Get(Messages.RuleRequired));
        }

        var rule = type switch
        {
            _ when type.StartsWith("int", StringComparison.Ordinal) || type.StartsWith("long", StringComparison.Ordinal) => Messages.Get(Messages.RuleWholeNumber),
            _ when type.StartsWith("decimal", StringComparison.Ordinal) || type.StartsWith("double", StringComparison.Ordinal) => Messages.Get(Messages.RuleNumber),
            _ when type.StartsWith("DateOnly", StringComparison.Ordinal) => Messages.Get(Messages.RuleDate),
            _ when type.StartsWith("bool", StringComparison.Ordinal) => Messages.Get(Messages.RuleBoolean),
            _ when type.StartsWith("Guid", StringComparison.Ordinal) => Messages.Get(Messages.RuleUuid),
            _ => Messages.Get(Messages.RuleForm),
        };
        return (StatusCodes.Status400BadRequest, field, rule);
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^(?:Failed to bind parameter|(?<missing>Required parameter)) "(?<type>[^ "]+) (?<name>[^ "]+)" """)]
    private static partial System.Text.RegularExpressions.Regex BindingMessage();

    /// <summary>"$.contacts[0].email" → "contacts[0].email"; the whole body when there is no path.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>The rule a JSON value broke, from the CLR type the endpoint expects at that path.</summary>
    private static string RuleOf(HttpContext context, JsonException json)
    {
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return Messages.Get(Messages.RuleNotAField);
        }

        // The exception handler clears the endpoint before handlers run; the feature keeps it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var target = requestType is null ? null : JsonPaths.TypeAt(requestType, json.Path);
        if (target is null)
        {
            return Messages.Get(Messages.RuleNotJson);
        }

        target = Nullable.GetUnderlyingType(target) ?? target;
        return target switch
        {
            _ when target == typeof(int) || target == typeof(long) => Messages.Get(Messages.RuleWholeNumber),
            _ when target == typeof(decimal) || target == typeof(double) => Messages.Get(Messages.RuleNumber),
            _ when target == typeof(DateOnly) => Messages.Get(Messages.RuleDate),
            _ when target == typeof(DateTime) || target == typeof(DateTimeOffset) => Messages.Get(Messages.RuleDateTime),
            _ when target == typeof(bool) => Messages.Get(Messages.RuleBoolean),
            _ when target == typeof(string) => Messages.Get(Messages.RuleString),
            _ when JsonPaths.ElementType(target) is not null => Messages.Get(Messages.RuleArray),
            _ => Messages.Get(Messages.RuleObject),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable: {Type}: {Message}")]
    private static partial void LogOutage(ILogger logger, string type, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
