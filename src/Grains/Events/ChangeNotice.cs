namespace CellValley.Grains.Events;

/// <summary>A committed change, as published on the change feed (best effort; the event log is the record).</summary>
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
/// The notices of one commit, published as one item: a grain announces once per flush, however
/// many events it wrote.
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.ChangeBatch")]
public sealed record ChangeBatch([property: Id(0)] IReadOnlyList<ChangeNotice> Notices);

/// <summary>Names of the change feed's stream provider and stream.</summary>
public static class ChangeFeedNames
{
    public const string Provider = "changes";
    public const string Namespace = "changes";
    public const string Key = "all";

    public static StreamId Stream => StreamId.Create(Namespace, Key);
}
