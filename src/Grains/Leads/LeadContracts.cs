using CellValley.Grains.Enterprises;
using CellValley.Grains.Parks;

namespace CellValley.Grains.Leads;

/// <summary>Space a lead needs: area, the fit-out features it requires, and a park it prefers.</summary>
[GenerateSerializer, Immutable, Alias("cv.SpaceNeeds")]
public sealed record SpaceNeeds(
    [property: Id(0)] decimal? AreaSqm,
    [property: Id(1)] FitOut? FitOut,
    [property: Id(2)] string? PreferredParkId);

/// <summary>What staff know of a target company (招商线索).</summary>
[GenerateSerializer, Immutable, Alias("cv.LeadInfo")]
public sealed record LeadInfo(
    [property: Id(0)] string Company,
    [property: Id(1)] string? CreditCode,
    [property: Id(2)] string Segment,
    [property: Id(3)] string? ChainLink,
    [property: Id(4)] string Source,
    [property: Id(5)] decimal? EstimatedInvestmentYuan,
    [property: Id(6)] int? EstimatedJobs,
    [property: Id(7)] SpaceNeeds? Space,
    [property: Id(8)] decimal? Likelihood,
    [property: Id(9)] DateOnly? EstimatedLanding,
    [property: Id(10)] DateOnly? NextFollowUp,
    [property: Id(11)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.LeadActivity")]
public sealed record LeadActivity(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Type,
    [property: Id(2)] string Note,
    [property: Id(3)] string RecordedBy);

[GenerateSerializer, Immutable, Alias("cv.LeadStageEntry")]
public sealed record LeadStageEntry([property: Id(0)] string Stage, [property: Id(1)] DateOnly Since, [property: Id(2)] string? Reason, [property: Id(3)] string? By = null);

[GenerateSerializer, Immutable, Alias("cv.LeadView")]
public sealed record LeadView(
    [property: Id(0)] string Id,
    [property: Id(1)] LeadInfo Info,
    [property: Id(2)] string OwnerId,
    [property: Id(3)] string OwnerName,
    [property: Id(4)] string Stage,
    [property: Id(5)] IReadOnlyList<LeadStageEntry> Stages,
    [property: Id(6)] string Status,
    [property: Id(7)] string? StatusReason,
    [property: Id(8)] string? LostTo,
    [property: Id(9)] IReadOnlyList<LeadActivity> Activities,
    [property: Id(10)] string? LandedCode,
    [property: Id(11)] string? LandedLeaseId,
    [property: Id(12)] int Version,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt);

/// <summary>A lease to sign as part of landing: the park and the usual lease terms.</summary>
[GenerateSerializer, Immutable, Alias("cv.LandingLease")]
public sealed record LandingLease([property: Id(0)] string ParkId, [property: Id(1)] NewLease Lease);

/// <summary>Landing (落地): the enterprise to register from the lead, and optionally a lease.</summary>
[GenerateSerializer, Immutable, Alias("cv.Landing")]
public sealed record Landing(
    [property: Id(0)] string CreditCode,
    [property: Id(1)] EnterpriseProfile Profile,
    [property: Id(2)] LandingLease? Lease);

[GenerateSerializer, Immutable, Alias("cv.LandingResult")]
public sealed record LandingResult(
    [property: Id(0)] LeadView Lead,
    [property: Id(1)] EnterpriseView Enterprise,
    [property: Id(2)] LeaseView? Lease);

/// <summary>One lead, keyed "lead/{id}".</summary>
public interface ILeadGrain : IGrainWithStringKey
{
    /// <summary>Opens the lead; openedOn (default today) dates its first stage, for leads recorded late.</summary>
    Task<Common.Outcome<LeadView>> CreateAsync(LeadInfo info, string ownerId, string ownerName, DateOnly? openedOn, Common.Actor actor);

    /// <summary>Opens the lead already at a later stage (a sheet of leads followed elsewhere), in one write.</summary>
    Task<Common.Outcome<LeadView>> OpenAtStageAsync(LeadInfo info, string ownerId, string ownerName, DateOnly? openedOn, string stage, DateOnly? stageSince, Common.Actor actor);

    /// <summary>Withdraws a lead opened by mistake (an import reverted), at the version it was left at; a landed lead stays.</summary>
    Task<Common.Outcome<LeadView>> WithdrawAsync(string reason, int expectedVersion, Common.Actor actor);

    Task<Common.Outcome<LeadView>> UpdateAsync(LeadInfo info, int? expectedVersion, Common.Actor actor);

    /// <summary>Takes new information and moves to a later stage, in one write (a sheet's row).</summary>
    Task<Common.Outcome<LeadView>> ReviseAsync(LeadInfo info, string? stage, DateOnly? stageSince, int? expectedVersion, Common.Actor actor);

    /// <summary>Names the surviving record where the lead named a duplicate merged into it.</summary>
    Task RecodeAsync(string duplicate, string survivor, Common.Actor actor);

    Task<Common.Outcome<LeadView>> AssignAsync(string ownerId, string ownerName, Common.Actor actor);

    /// <summary>Moves to a later stage (dated); an earlier one only with a reason. Landing has its own command.</summary>
    Task<Common.Outcome<LeadView>> MoveStageAsync(string stage, DateOnly since, string? reason, int? expectedVersion, Common.Actor actor);

    /// <summary>active, delayed, dormant, or lost (with why and to which city or cluster); won comes with landing.</summary>
    Task<Common.Outcome<LeadView>> SetStatusAsync(string status, string? reason, string? lostTo, Common.Actor actor);

    Task<Common.Outcome<LeadView>> LogActivityAsync(LeadActivity activity, DateOnly? nextFollowUp, Common.Actor actor);

    /// <summary>Registers the enterprise (and signs the lease) in one action; all of it or none.</summary>
    Task<Common.Outcome<LandingResult>> LandAsync(Landing landing, Common.Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<LeadView?> GetAsync();
}

public static class LeadKey
{
    public static string For(string id) => "lead/" + id;

    public static string IdOf(string key) => key["lead/".Length..];
}
