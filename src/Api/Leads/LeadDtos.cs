using System.ComponentModel.DataAnnotations;
using CellValley.Api.Enterprises;
using CellValley.Api.Parks;
using CellValley.Grains.Leads;

namespace CellValley.Api.Leads;

public sealed record SpaceNeedsDto(decimal? AreaSqm, FitOutDto? FitOut, string? PreferredParkId);

/// <summary>
/// Body of POST /api/leads and PUT /api/leads/{id}. ownerId, openedOn and confirmDuplicate are for creation: the
/// owner (a person from GET /api/people; default: you), when the lead was first recorded (default: today), and
/// that the lead is to be opened although an open lead already follows the same company.
/// </summary>
public sealed record LeadRequest(
    [property: Required] string? Company,
    string? CreditCode,
    string? Segment,
    string? ChainLink,
    string? Source,
    decimal? EstimatedInvestmentYuan,
    int? EstimatedJobs,
    SpaceNeedsDto? Space,
    decimal? Likelihood,
    DateOnly? EstimatedLanding,
    DateOnly? NextFollowUp,
    string? Note,
    string? OwnerId = null,
    DateOnly? OpenedOn = null,
    bool? ConfirmDuplicate = null);

public sealed record StageRequest([property: Required] string? Stage, DateOnly? Since, string? Reason);

public sealed record LeadStatusRequest([property: Required] string? Status, string? Reason, string? LostTo);

public sealed record ActivityRequest(DateOnly? Date, string? Type, [property: Required] string? Note, DateOnly? NextFollowUp);

/// <summary>Body of POST /api/leads/{id}/owner: the person (GET /api/people) the lead goes to.</summary>
public sealed record OwnerRequest([property: Required] string? OwnerId);

public sealed record LandingLeaseDto(string? ParkId, string? UnitId, decimal? AreaSqm, DateOnly? Start, DateOnly? End, DateOnly? SignedOn, string? Note);

/// <summary>
/// Body of POST /api/leads/{id}/landing. creditCode defaults to the lead's; enterprise defaults to the
/// lead's company and segment; lease is optional.
/// </summary>
public sealed record LandingRequest(string? CreditCode, RegisterEnterpriseRequest? Enterprise, LandingLeaseDto? Lease);

/// <summary>What a landing produced: the lead (now won), the enterprise's profile, and the lease if one was signed.</summary>
public sealed record LandingResultDto(LeadDto Lead, EnterpriseDto Enterprise, LeaseDto? Lease);

internal static class LeadDtoMapping
{
    public static LeadInfo ToInfo(this LeadRequest r) => new(
        r.Company ?? "",
        r.CreditCode,
        r.Segment ?? "",
        r.ChainLink,
        r.Source ?? "",
        r.EstimatedInvestmentYuan,
        r.EstimatedJobs,
        r.Space is { } s ? new SpaceNeeds(s.AreaSqm, s.FitOut is null ? null : s.FitOut.ToFitOut(), s.PreferredParkId) : null,
        r.Likelihood,
        r.EstimatedLanding,
        r.NextFollowUp,
        r.Note);
}
