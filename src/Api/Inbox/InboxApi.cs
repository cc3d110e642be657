using System.Security.Claims;
using System.Text.Json;
using CellValley.Api.Auth;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Inbox;
using CellValley.Grains.Plans;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CellValley.Api.Inbox;

/// <summary>
/// One 待办 item: its kind (lease-ending, recognition-expiring, lead-follow-up, lead-stale, proposal-pending, proposal-returned), the
/// sentence that says it, the console page of its record, the day it is about, and the day it appeared.
/// </summary>
public sealed record InboxItemDto
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Title { get; init; } = "";

    public string Link { get; init; } = "";

    public DateOnly? DueOn { get; init; }

    public DateOnly CreatedOn { get; init; }
}

/// <summary>The day's digest: open items, those new that day, and how many of each kind.</summary>
public sealed record InboxDigestDto(DateOnly Day, int OpenItems, int NewItems, IReadOnlyDictionary<string, int> ByKind);

public sealed record InboxDto(IReadOnlyList<InboxItemDto> Items, InboxDigestDto? Digest);

public sealed record InboxRunDto(DateOnly Day, int Created);

/// <summary>Each caller's 待办: what needs them, computed hourly by an Orleans reminder; dismissable.</summary>
public static class InboxApi
{
    public static void MapInboxApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Inbox").RequireAuthorization().OpenToDepartments();
        group.MapGet("/inbox", GetAsync).WithName("GetInbox").WithSummary("My 待办: open items, newest first, and today's digest");
        group.MapPost("/inbox/{id}/dismiss", DismissAsync).WithName("DismissInboxItem").WithSummary("Dismiss an item of my inbox (it does not come back)");
        routes.MapPost("/api/admin/inbox/run", RunAsync).WithTags("Admin").RequireAuthorization(ApiRoles.AdminPolicy).WithName("RunInbox")
            .WithSummary("Compute the inbox now (what the hourly reminder does), for the supervision clock's day");
    }

    /// <summary>Whose items the caller sees: staff see the staff-wide ones and those of the person they are; a scoped account its own.</summary>
    public static IReadOnlyList<string> Recipients(ClaimsPrincipal user) => user.Role() switch
    {
        ApiRoles.Admin or ApiRoles.Staff => user.FindFirstValue(ApiRoles.PersonIdClaim) is { } person ? ["role:staff", "person:" + person] : ["role:staff"],
        ApiRoles.Enterprise => ["enterprise:" + user.Scope()],
        ApiRoles.ParkOperator => ["park:" + user.Scope()],
        ApiRoles.Department => ["department:" + user.Scope()],
        _ => [],
    };

    public static async Task<Ok<InboxDto>> GetAsync(ClaimsPrincipal user, NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        var recipients = Recipients(user).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        var items = (await connection.QueryAsync<InboxItemDto>(
            $"""
            SELECT item_key AS Id, kind, title, link, due_on AS DueOn, created_on AS CreatedOn
              FROM cv_inbox i WHERE recipient = ANY(@recipients) AND dismissed_at IS NULL AND {Grains.Inbox.InboxBuilder.StillOpen}
             ORDER BY created_on DESC, due_on NULLS LAST, item_key LIMIT 500
            """, new { recipients })).AsList();
        var digests = (await connection.QueryAsync<(DateOnly Day, int Open, int New, string ByKind)>(
            "SELECT day, open_items, new_items, by_kind::text FROM cv_inbox_digests WHERE recipient = ANY(@recipients) AND day = @day",
            new { recipients, day = clock.Today })).AsList();
        var digest = digests.Count == 0 ? null : new InboxDigestDto(clock.Today, digests.Sum(d => d.Open), digests.Sum(d => d.New),
            digests.SelectMany(d => JsonSerializer.Deserialize<Dictionary<string, int>>(d.ByKind)!).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)));
        return TypedResults.Ok(new InboxDto(items, digest));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DismissAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var dismissed = await connection.ExecuteAsync(
            "UPDATE cv_inbox SET dismissed_at = now(), dismissed_by = @actor WHERE item_key = @id AND recipient = ANY(@recipients) AND dismissed_at IS NULL",
            new { id, recipients = Recipients(user).ToArray(), actor = user.ToActor().Name });
        return dismissed == 1 ? TypedResults.NoContent() : Problems.NotFound(Messages.NotFoundInboxItem, id);
    }

    public static async Task<Ok<InboxRunDto>> RunAsync(IGrainFactory grains, SupervisionClock clock) =>
        TypedResults.Ok(new InboxRunDto(clock.Today, await grains.GetGrain<IInboxScheduler>(0).RunAsync()));
}

/// <summary>Registers the inbox's reminder once the silo runs (the reminder table keeps it across restarts).</summary>
public sealed class InboxStartup(IGrainFactory grains) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken) => grains.GetGrain<IInboxScheduler>(0).EnsureAsync();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
