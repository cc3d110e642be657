using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CellValley.Api.Parks;

/// <summary>
/// The tenancies shown on enterprise profiles, kept in memory so that reading a profile needs no
/// SQL. Any park change on the change feed drops them all (leases change rarely; profiles are read
/// often); an entry also lapses after a minute, which bounds staleness should a notice be lost.
/// </summary>
public sealed class TenancyCache(ParkQueries queries)
{
    private const int MaxEntries = 200_000;
    private static readonly long LifetimeMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Called for every park change notice.</summary>
    public void OnParkChange()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>
    /// Drops the cached tenancies after every write request of the group (lease and landing
    /// endpoints), so that the writer's next profile read shows it without waiting for the feed.
    /// </summary>
    public static TBuilder DropsTenanciesOnWrite<TBuilder>(TBuilder builder)
        where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method))
            {
                context.HttpContext.RequestServices.GetRequiredService<TenancyCache>().OnParkChange();
            }

            return result;
        });
        return builder;
    }

    /// <summary>The enterprise's leases (only those in <paramref name="parkId"/> when given).</summary>
    public async Task<IReadOnlyList<LeaseRow>> GetAsync(string tenantCode, string? parkId, DateOnly today)
    {
        var now = Environment.TickCount64;
        var generation = Interlocked.Read(ref _generation);
        if (!_entries.TryGetValue(tenantCode, out var entry) || entry.Today != today || entry.Generation != generation || now - entry.At > LifetimeMs)
        {
            var rows = await queries.TenanciesAsync(tenantCode, today);
            entry = new Entry(rows.Count == 0 ? [] : rows, today, generation, now);
            // A park change while the query ran may not be in its rows: then the answer is not kept.
            if (Interlocked.Read(ref _generation) == generation && (_entries.Count < MaxEntries || _entries.ContainsKey(tenantCode)))
            {
                _entries[tenantCode] = entry;
            }
        }

        return parkId is null ? entry.Rows : entry.Rows.Where(r => r.ParkId == parkId).ToArray();
    }

    private sealed record Entry(IReadOnlyList<LeaseRow> Rows, DateOnly Today, long Generation, long At);
}
