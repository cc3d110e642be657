using CellValley.Api.Parks;
using CellValley.Grains.Leads;

namespace CellValley.Api.Leads;

/// <summary>The space a lead is looking for.</summary>
public sealed record SpaceNeedsViewDto(decimal? AreaSqm, UnitFitOutDto? FitOut, string? PreferredParkId);

/// <summary>A stage the lead entered: when, why (a move back), and who moved it.</summary>
public sealed record LeadStageDto(string Stage, DateOnly Since, string? Reason, string? By);

public sealed record LeadActivityDto(DateOnly Date, string Type, string Note, string RecordedBy);

/// <summary>A lead (招商线索): what is known of the company, its stage and status kept apart, and its log.</summary>
public sealed record LeadDto(
    string Id,
    string Company,
    string? CreditCode,
    string Segment,
    string? ChainLink,
    string Source,
    decimal? EstimatedInvestmentYuan,
    int? EstimatedJobs,
    SpaceNeedsViewDto? Space,
    decimal? Likelihood,
    DateOnly? EstimatedLanding,
    DateOnly? NextFollowUp,
    string? Note,
    string OwnerId,
    string OwnerName,
    string Stage,
    IReadOnlyList<LeadStageDto> Stages,
    string Status,
    string? StatusReason,
    string? LostTo,
    IReadOnlyList<LeadActivityDto> Activities,
    string? LandedCode,
    string? LandedLeaseId,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public static class LeadViewMapping
{
    public static LeadDto AsDto(this LeadView v)
    {
        var i = v.Info;
        var space = i.Space is null ? null : new SpaceNeedsViewDto(i.Space.AreaSqm, i.Space.FitOut?.AsDto(), i.Space.PreferredParkId);
        return new LeadDto(v.Id, i.Company, i.CreditCode, i.Segment, i.ChainLink, i.Source, i.EstimatedInvestmentYuan, i.EstimatedJobs, space,
            i.Likelihood, i.EstimatedLanding, i.NextFollowUp, i.Note, v.OwnerId, v.OwnerName, v.Stage,
            v.Stages.Select(s => new LeadStageDto(s.Stage, s.Since, s.Reason, s.By)).ToArray(), v.Status, v.StatusReason, v.LostTo,
            v.Activities.Select(a => new LeadActivityDto(a.Date, a.Type, a.Note, a.RecordedBy)).ToArray(),
            v.LandedCode, v.LandedLeaseId, v.Version, v.CreatedAt, v.UpdatedAt);
    }
}
