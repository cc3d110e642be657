using CellValley.Grains.Parks.Events;

namespace CellValley.Grains.Leads.Events;

/// <summary>What staff know of a target company, as the lead's events record it.</summary>
public sealed record LeadDetails(
    string Company,
    string? CreditCode,
    string Segment,
    string? ChainLink,
    string Source,
    decimal? EstimatedInvestmentYuan,
    int? EstimatedJobs,
    SpaceDetails? Space,
    decimal? Likelihood,
    DateOnly? EstimatedLanding,
    DateOnly? NextFollowUp,
    string? Note)
{
    public static LeadDetails Of(LeadInfo i) => new(
        i.Company, i.CreditCode, i.Segment, i.ChainLink, i.Source, i.EstimatedInvestmentYuan, i.EstimatedJobs,
        i.Space is { } s
            ? new SpaceDetails(s.AreaSqm, s.FitOut is { } f ? new FitOutDetails(f.GmpGrade, f.LabDrains, f.Exhaust, f.ColdStorage, f.CleanRoom, f.Notes) : null, s.PreferredParkId)
            : null,
        i.Likelihood, i.EstimatedLanding, i.NextFollowUp, i.Note);
}

/// <summary>The space a lead needs, as its events record it.</summary>
public sealed record SpaceDetails(decimal? AreaSqm, FitOutDetails? FitOut, string? PreferredParkId);
