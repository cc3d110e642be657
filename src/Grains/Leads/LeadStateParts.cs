using CellValley.Grains.Parks;

namespace CellValley.Grains.Leads;

/// <summary>Stored form of <see cref="LeadInfo"/>: kept apart so that the wire contract can change without orphaning stored leads.</summary>
public sealed class LeadInfoState
{
    public string Company { get; set; } = "";

    public string? CreditCode { get; set; }

    public string Segment { get; set; } = "";

    public string? ChainLink { get; set; }

    public string Source { get; set; } = "";

    public decimal? EstimatedInvestmentYuan { get; set; }

    public int? EstimatedJobs { get; set; }

    public decimal? SpaceAreaSqm { get; set; }

    public string? SpaceGmpGrade { get; set; }

    public bool SpaceLabDrains { get; set; }

    public bool SpaceExhaust { get; set; }

    public bool SpaceColdStorage { get; set; }

    public bool SpaceCleanRoom { get; set; }

    public string? SpaceFitOutNotes { get; set; }

    public bool SpaceFitOutGiven { get; set; }

    public bool SpaceGiven { get; set; }

    public string? PreferredParkId { get; set; }

    public decimal? Likelihood { get; set; }

    public DateOnly? EstimatedLanding { get; set; }

    public DateOnly? NextFollowUp { get; set; }

    public string? Note { get; set; }

    public static LeadInfoState From(LeadInfo i) => new()
    {
        Company = i.Company,
        CreditCode = i.CreditCode,
        Segment = i.Segment,
        ChainLink = i.ChainLink,
        Source = i.Source,
        EstimatedInvestmentYuan = i.EstimatedInvestmentYuan,
        EstimatedJobs = i.EstimatedJobs,
        SpaceGiven = i.Space is not null,
        SpaceAreaSqm = i.Space?.AreaSqm,
        SpaceFitOutGiven = i.Space?.FitOut is not null,
        SpaceGmpGrade = i.Space?.FitOut?.GmpGrade,
        SpaceLabDrains = i.Space?.FitOut?.LabDrains ?? false,
        SpaceExhaust = i.Space?.FitOut?.Exhaust ?? false,
        SpaceColdStorage = i.Space?.FitOut?.ColdStorage ?? false,
        SpaceCleanRoom = i.Space?.FitOut?.CleanRoom ?? false,
        SpaceFitOutNotes = i.Space?.FitOut?.Notes,
        PreferredParkId = i.Space?.PreferredParkId,
        Likelihood = i.Likelihood,
        EstimatedLanding = i.EstimatedLanding,
        NextFollowUp = i.NextFollowUp,
        Note = i.Note,
    };

    public LeadInfo ToContract() => new(
        Company,
        CreditCode,
        Segment,
        ChainLink,
        Source,
        EstimatedInvestmentYuan,
        EstimatedJobs,
        SpaceGiven
            ? new SpaceNeeds(SpaceAreaSqm, SpaceFitOutGiven ? new FitOut(SpaceGmpGrade, SpaceLabDrains, SpaceExhaust, SpaceColdStorage, SpaceCleanRoom, SpaceFitOutNotes) : null, PreferredParkId)
            : null,
        Likelihood,
        EstimatedLanding,
        NextFollowUp,
        Note);
}

public sealed class LeadStageState
{
    public string Stage { get; set; } = "";

    public DateOnly Since { get; set; }

    public string? Reason { get; set; }

    /// <summary>Who moved the lead into this stage (null for stages recorded before it was kept).</summary>
    public string? By { get; set; }
}

public sealed class LeadStatusState
{
    public string Status { get; set; } = "";

    public DateOnly Since { get; set; }

    public string? Reason { get; set; }
}

public sealed class LeadActivityState
{
    public DateOnly Date { get; set; }

    public string Type { get; set; } = "";

    public string Note { get; set; } = "";

    public string RecordedBy { get; set; } = "";
}
