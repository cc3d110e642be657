using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CellValley.Api.Picture;

/// <summary>
/// Serves today's picture from memory. Every committed change (from the change feed) marks the
/// cached pictures stale; a refresh starts at once and replaces them when done, so a reader never
/// waits for SQL and sees a change within the time one refresh takes. "As of" pictures of past dates
/// are computed on request. Only views read in the last minute are kept fresh this way; one nobody
/// watches is dropped at the next change and computed again when it is next read, so a stream of
/// writes does not keep PostgreSQL busy with pictures no one looks at.
/// </summary>
public sealed partial class PictureService(PictureQueries queries, ILogger<PictureService> logger)
{
    private const int MaxCachedViews = 64;
    private static readonly long WatchWindowMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
    private readonly ConcurrentDictionary<(string? Park, string? Segment), long> _lastRead = new();
    private readonly ConcurrentDictionary<(string? Park, string? Segment), Entry> _cache = new();
    private readonly ConcurrentDictionary<(string? Park, string? Segment), byte> _refreshing = new();
    private long _changes;

    /// <summary>The number of changes seen so far; a picture computed after reading it includes them all.</summary>
    public long ChangesSeen => Interlocked.Read(ref _changes);

    public async Task<PictureDto> GetAsync(DateOnly? asOf, string? park, string? segment, DateOnly? movesFrom)
    {
        var today = queries.Today;
        var date = asOf ?? today;
        if (date != today || movesFrom is not null)
        {
            return await queries.ComputeAsync(Request(date, park, segment, movesFrom));
        }

        var key = (park, segment);
        if (_cache.TryGetValue(key, out var entry) && entry.Picture.AsOf == today)
        {
            _lastRead[key] = Environment.TickCount64;
            if (entry.Version != ChangesSeen)
            {
                _ = RefreshAsync(key);
            }

            return entry.Picture;
        }

        var version = ChangesSeen;
        var picture = await queries.ComputeAsync(Request(today, park, segment, null));
        // Only cached views are watched: the read times stay as bounded as the cache (a view no one caches leaves no trace).
        if (_cache.Count < MaxCachedViews || _cache.ContainsKey(key))
        {
            _cache[key] = new Entry(picture, version);
            _lastRead[key] = Environment.TickCount64;
        }

        return picture;
    }

    /// <summary>Called for every committed change: marks all cached pictures stale and refreshes them.</summary>
    public void OnChange()
    {
        Interlocked.Increment(ref _changes);
        var now = Environment.TickCount64;
        foreach (var key in _cache.Keys)
        {
            if (now - _lastRead.GetValueOrDefault(key) > WatchWindowMs)
            {
                _cache.TryRemove(key, out _);
                _lastRead.TryRemove(key, out _);
                continue;
            }

            _ = RefreshAsync(key);
        }
    }

    private async Task RefreshAsync((string? Park, string? Segment) key)
    {
        if (!_refreshing.TryAdd(key, 0))
        {
            // A refresh of this view is running; it re-checks the change count when it finishes.
            return;
        }

        try
        {
            long version;
            do
            {
                version = ChangesSeen;
                var picture = await queries.ComputeAsync(Request(queries.Today, key.Park, key.Segment, null));
                _cache[key] = new Entry(picture, version);
            }
            while (ChangesSeen != version);
        }
        catch (Exception ex)
        {
            LogRefreshFailed(logger, ex);
            return;
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }

        if (_cache.TryGetValue(key, out var latest) && latest.Version != ChangesSeen)
        {
            _ = RefreshAsync(key);
        }
    }

    private static PictureRequest Request(DateOnly asOf, string? park, string? segment, DateOnly? movesFrom) =>
        new(asOf, park, segment, movesFrom ?? asOf.AddYears(-1), asOf);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the cluster picture failed; the last one stays served")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record Entry(PictureDto Picture, long Version);
}
