using System.Text;
using System.Text.Json;

namespace CellValley.Grains.Events;

/// <summary>A committed change, as announced on the change feed (best effort; the event log is the record).</summary>
[GenerateSerializer, Immutable, Alias("cv.ChangeNotice")]
public sealed record ChangeNotice(
    [property: Id(0)] string EntityType,
    [property: Id(1)] string EntityId,
    [property: Id(2)] int Seq,
    [property: Id(3)] string EventType,
    [property: Id(4)] string? Subject,
    [property: Id(5)] string Actor,
    [property: Id(6)] DateTimeOffset OccurredAt);

/// <summary>
/// The change feed rides on PostgreSQL's notifications: the event log's transaction announces the notices of what it commits
/// on the channel <see cref="Channel"/> (delivered when, and only if, it commits), and every silo listens. No grain stands
/// on the path, so the feed has no single queue and nothing of it dies with a silo.
/// </summary>
public static class ChangeFeedChannel
{
    public const string Channel = "cv_changes";

    /// <summary>PostgreSQL caps a notification's payload below 8000 bytes: notices go in as many payloads as they need.</summary>
    private const int MaxPayloadBytes = 7000;

    public static IReadOnlyList<string> Payloads(IEnumerable<ChangeNotice> notices)
    {
        var payloads = new List<string>();
        var batch = new List<string>();
        var size = 2;
        foreach (var notice in notices)
        {
            var json = JsonSerializer.Serialize(notice, EventJson.Options);
            var bytes = Encoding.UTF8.GetByteCount(json) + 1;
            if (bytes + 2 > MaxPayloadBytes)
            {
                // A notice too long to announce (a huge subject) is left to the event log.
                continue;
            }

            if (size + bytes > MaxPayloadBytes)
            {
                payloads.Add("[" + string.Join(",", batch) + "]");
                batch.Clear();
                size = 2;
            }

            batch.Add(json);
            size += bytes;
        }

        if (batch.Count > 0)
        {
            payloads.Add("[" + string.Join(",", batch) + "]");
        }

        return payloads;
    }

    public static IReadOnlyList<ChangeNotice> Parse(string payload) =>
        JsonSerializer.Deserialize<ChangeNotice[]>(payload, EventJson.Options) ?? [];
}
