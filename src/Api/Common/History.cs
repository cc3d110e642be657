using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CellValley.Api.Common;

/// <summary>
/// An entity's history, the same way for every kind: its events in order, who and when, each field
/// from → to, read forward from a sequence number (after, limit 1–1000).
/// </summary>
public static class History
{
    public static async Task<Results<Ok<IReadOnlyList<HistoryEntryDto>>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        EventStore events, string entityType, string entityId, int? after, int? limit, Func<Task<bool>> exists, Text notFound, string? subject = null)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", Rule.Between(1, 1000));
        }

        if (after is < 0)
        {
            return Problems.Invalid("after", Rule.NotNegative());
        }

        var rows = await events.ReadAsync(entityType, entityId, after ?? 0, limit ?? 200, subject);
        if (rows.Count == 0 && (after ?? 0) == 0 && !await exists())
        {
            return Problems.NotFound(notFound);
        }

        return TypedResults.Ok<IReadOnlyList<HistoryEntryDto>>(rows.Select(HistoryEntryDto.From).ToArray());
    }
}
