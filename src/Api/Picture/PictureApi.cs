using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Parks;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Picture;

/// <summary>One committed change, as the change feed sends it (event: change).</summary>
public sealed record ChangeDto(string EntityType, string EntityId, int Seq, string EventType, string? Subject, string Actor, DateTimeOffset OccurredAt);

/// <summary>The cluster picture and the live change feed.</summary>
public static class PictureApi
{
    public static void MapPictureApi(this IEndpointRouteBuilder routes)
    {
        // The picture aggregates every enterprise and the lead pipeline: for admins, staff and viewers.
        routes.MapGet("/api/picture", GetAsync).WithTags("Picture").RequireAuthorization()
            .WithName("GetPicture")
            .WithSummary("Where the cluster stands: tiers, pipeline, funding, occupancy, chain gaps, funnel and action-plan targets; ?asOf=YYYY-MM-DD for a past date");
        routes.MapGet("/api/changes", Changes).WithTags("Picture").RequireAuthorization().OpenToEveryRole()
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithName("ChangeFeed")
            .WithSummary("Server-sent events: every committed change you may see, as it happens");
    }

    public static async Task<Results<Ok<PictureDto>, ProblemHttpResult>> GetAsync(
        DateOnly? asOf, DateOnly? movesFrom, string? park, string? segment, ClaimsPrincipal user,
        PictureService pictures, ClusterTaxonomy taxonomy, TimeProvider clock, IGrainFactory grains)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = PictureDetailsApi.CheckView(asOf, park, segment, taxonomy, clock, out var view);
        if (movesFrom > view.AsOf)
        {
            errors.Add("movesFrom", Rule.NotAfterField("asOf"));
        }

        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        // A park view is kept warm for its readers: only a park that exists gets one.
        if (park is not null && await grains.GetGrain<Grains.Parks.IParkGrain>(Grains.Parks.ParkKey.For(park)).GetAsync() is null)
        {
            return Problems.NotFound(Messages.NotFoundPark, park);
        }

        return TypedResults.Ok(await pictures.GetAsync(asOf, park, segment, movesFrom));
    }

    /// <summary>
    /// Writes server-sent events by hand so that the headers (and a comment) go out at once: a browser
    /// knows it is connected before the first change, and a comment every 15 s keeps proxies from
    /// closing an idle stream. The caller's credential is checked again every 10 s: a revoked token's
    /// stream ends.
    /// </summary>
    public static async Task Changes(HttpContext http, ClaimsPrincipal user, ChangeFeed feed, CredentialCheck credentials, TimeProvider clock)
    {
        var cancellationToken = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.WriteAsync(": connected\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);

        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(5), clock);
        var lastWrite = clock.GetUtcNow();
        var lastCheck = lastWrite;
        // Its own token, so that ending the stream (revocation) stops the pending read before it is disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notices = feed.ReadAsync(user, stop.Token).GetAsyncEnumerator(stop.Token);
        var next = notices.MoveNextAsync().AsTask();
        var tick = ticks.WaitForNextTickAsync(cancellationToken).AsTask();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var done = await Task.WhenAny(next, tick);
                var now = clock.GetUtcNow();
                if (done == tick)
                {
                    tick = ticks.WaitForNextTickAsync(cancellationToken).AsTask();
                    if (now - lastCheck >= CredentialCheck.Every)
                    {
                        lastCheck = now;
                        if (!await credentials.StillValidAsync(user))
                        {
                            await http.Response.WriteAsync("event: revoked\ndata: {}\n\n", cancellationToken);
                            break;
                        }
                    }

                    if (now - lastWrite < TimeSpan.FromSeconds(15))
                    {
                        continue;
                    }

                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                }
                else
                {
                    if (!await next)
                    {
                        break;
                    }

                    var notice = notices.Current;
                    var json = System.Text.Json.JsonSerializer.Serialize(
                        new ChangeDto(notice.EntityType, notice.EntityId, notice.Seq, notice.EventType, notice.Subject, notice.Actor, notice.OccurredAt),
                        Grains.Events.EventJson.Options);
                    await http.Response.WriteAsync($"event: change\ndata: {json}\n\n", cancellationToken);
                    next = notices.MoveNextAsync().AsTask();
                }

                lastWrite = now;
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // The read this stream no longer waits for.
            }

            await notices.DisposeAsync();
        }
    }
}
