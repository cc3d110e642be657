namespace CellValley.Grains.Common;

/// <summary>
/// Who asks for a change: recorded on every event. A reviewer applying an enterprise's proposal acts for it: Proposal and
/// ProposedBy then name the proposal and its proposer, and every event the change records carries them.
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.Actor")]
public sealed record Actor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Proposal = null,
    [property: Id(3)] string? ProposedBy = null);
