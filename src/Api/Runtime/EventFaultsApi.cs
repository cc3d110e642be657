using CellValley.Api.Auth;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Runtime;

/// <summary>A quarantined event flush as admins see it.</summary>
public sealed record EventFaultDto(
    long Id,
    string EntityType,
    string EntityId,
    int FirstSeq,
    int LastSeq,
    string SqlState,
    string Message,
    bool Logged,
    DateTimeOffset OccurredAt,
    string Events);

/// <summary>
/// Entities whose events PostgreSQL refused for good. Their later events go through; the next
/// change of the entity (for example correcting the offending field) rewrites its read rows and
/// closes the fault.
/// </summary>
public static class EventFaultsApi
{
    public static void MapEventFaultsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/admin/event-faults", ListAsync).WithTags("Admin").RequireAuthorization(ApiRoles.AdminPolicy)
            .WithName("ListEventFaults")
            .WithSummary("Open event faults: entities whose read rows lag their state because PostgreSQL refused a change's data");
    }

    public static async Task<Results<Ok<IReadOnlyList<EventFaultDto>>, ValidationProblem>> ListAsync(EventStore events, int? limit)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", Rule.Between(1, 1000));
        }

        var rows = await events.OpenFaultsAsync(limit ?? 100);
        return TypedResults.Ok<IReadOnlyList<EventFaultDto>>(rows.Select(r => new EventFaultDto(
            r.Id, r.EntityType, r.EntityId, r.FirstSeq, r.LastSeq, r.SqlState, r.Message, r.Logged, r.OccurredAt, r.Events)).ToArray());
    }
}
