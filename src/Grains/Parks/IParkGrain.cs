using CellValley.Grains.Common;

namespace CellValley.Grains.Parks;

/// <summary>A park (园区) with its buildings, units, milestones and leases; keyed "park/{id}".</summary>
public interface IParkGrain : IGrainWithStringKey
{
    Task<Outcome<ParkView>> CreateAsync(ParkInfo info, Actor actor);

    Task<Outcome<ParkView>> UpdateInfoAsync(ParkInfo info, int? expectedVersion, Actor actor);

    Task<Outcome<ParkView>> AddBuildingAsync(Building building, Actor actor);

    /// <summary>Adds a unit, or replaces one (its area may not shrink below a lease on it).</summary>
    Task<Outcome<ParkView>> PutUnitAsync(Unit unit, int? expectedVersion, Actor actor);

    /// <summary>Records a milestone's planned and/or actual date.</summary>
    Task<Outcome<ParkView>> RecordMilestoneAsync(Milestone milestone, Actor actor);

    /// <summary>Signs a lease; Conflict (naming the lease) when it overlaps another on the unit.</summary>
    Task<Outcome<LeaseView>> SignLeaseAsync(NewLease lease, Actor actor);

    /// <summary>Ends a lease early: its end becomes the given move-out day.</summary>
    Task<Outcome<LeaseView>> TerminateLeaseAsync(string leaseId, DateOnly endOn, string reason, Actor actor);

    /// <summary>Voids a lease entered by mistake; it stays on record but holds the unit on no day.</summary>
    Task<Outcome<LeaseView>> VoidLeaseAsync(string leaseId, string reason, Actor actor);

    /// <summary>Voids a lease and signs its corrected form in its place.</summary>
    Task<Outcome<LeaseView>> CorrectLeaseAsync(string leaseId, NewLease corrected, string reason, Actor actor);

    /// <summary>Repoints a merged duplicate enterprise's leases to the surviving record; returns how many.</summary>
    Task<int> RetenantAsync(string duplicate, string survivor, Actor actor);

    /// <summary>Holds a unit for a landing in progress; nothing else can be signed over it until released or expired.</summary>
    Task<Outcome<LeaseView>> HoldAsync(string holdId, NewLease lease, TimeSpan holdFor, Actor actor);

    /// <summary>Turns a hold into a lease (the landing completed).</summary>
    Task<Outcome<LeaseView>> ConfirmHoldAsync(string holdId, string leadId, Actor actor);

    /// <summary>Drops a hold (the landing failed); unknown holds are ignored.</summary>
    Task ReleaseHoldAsync(string holdId);

    /// <summary>Adds buildings, units and leases in one write, each checked as its own command would be (bulk loading).</summary>
    Task<Outcome<ParkView>> ImportAsync(ParkImport import, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<ParkView?> GetAsync();
}

public static class ParkKey
{
    private const string Prefix = "park/";

    public static string For(string parkId) => Prefix + parkId;

    public static string IdOf(string key) => key[Prefix.Length..];

    /// <summary>Park, building and unit ids: 1-40 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 40 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
