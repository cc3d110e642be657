namespace CellValley.Api.Picture;

public sealed record PictureRequest(DateOnly AsOf, string? Park, string? Segment, DateOnly MovesFrom, DateOnly MovesTo);

public sealed record TierCount(string Tier, string Name, int Count, int Expired);

public sealed record SegmentCount(string Segment, int Count);

public sealed record EnterpriseSection(int Total, IReadOnlyList<TierCount> ByTier, IReadOnlyList<SegmentCount> BySegment);

public sealed record TierMoves(DateOnly From, DateOnly To, int Up, int Down, int Expired);

public sealed record StageCount(string Stage, string Name, int Count);

public sealed record KindCount(string Kind, string Name, int Count);

public sealed record PipelineSection(
    int Total,
    IReadOnlyList<StageCount> ByStage,
    IReadOnlyList<StageCount> MedicinesByStage,
    IReadOnlyList<KindCount> ByKind,
    IReadOnlyList<StageCount> ClassOneDrugs,
    IReadOnlyList<StageCount> InnovativeDevices);

/// <summary>Funding of a year, source and currency; UncappedAmount is the part recorded as grants where no cap policy was in force. Voided entries never count.</summary>
public sealed record FundingRow(int Year, string Source, string Currency, decimal Amount, int Count, decimal UncappedAmount);

public sealed record ParkOccupancy(string ParkId, string Name, decimal LeasableSqm, decimal LeasedSqm, decimal? Occupancy, decimal Target, bool? MeetsTarget);

public sealed record OccupancySection(IReadOnlyList<ParkOccupancy> Parks, decimal LeasableSqm, decimal LeasedSqm, decimal? Occupancy);

public sealed record GapLead(string LeadId, string Company, string Stage, string Status, decimal? Likelihood);

public sealed record ChainLinkStatus(
    string Code,
    string Name,
    string Position,
    int Enterprises,
    int Platforms,
    bool Gap,
    IReadOnlyList<GapLead> Leads);

public sealed record FunnelRow(string Stage, string Name, int Reached, int Now);

/// <summary>
/// A target of the action plan on the day: its value and whether it is met. Metric says what it counts
/// (products-reaching, platforms-operating, industrialisation-bases, leader-enterprises, park-occupancy;
/// the list behind it: /api/picture/products or platforms with target=id, enterprises with tier=leader,
/// or the park's tenants); ParkId names the park of an occupancy target.
/// </summary>
public sealed record TargetStatus(string Id, string Text, decimal? Value, decimal? Min, decimal? Max, decimal? Above, bool Met, string Metric, string? ParkId);

/// <summary>Where the cluster stands on a date (today by default), optionally for one park or segment.</summary>
public sealed record PictureDto(
    DateOnly AsOf,
    string? Park,
    string? Segment,
    DateTimeOffset ComputedAt,
    EnterpriseSection Enterprises,
    TierMoves TierMoves,
    PipelineSection Pipeline,
    IReadOnlyList<FundingRow> Funding,
    OccupancySection Occupancy,
    IReadOnlyList<ChainLinkStatus> Chain,
    IReadOnlyList<FunnelRow> Funnel,
    string ActionPlan,
    IReadOnlyList<TargetStatus> Targets,
    string ActionPlanTitle = "");

/// <summary>
/// An enterprise behind a picture number: the tier it held on the day (tier, recognizedOn, validUntil);
/// in a list of tier moves, the recognition that moved it (previousTier → tier, movedOn; for an
/// expiry, movedOn is the day the recognition lapsed).
/// </summary>
public sealed record PictureEnterprise
{
    public string CreditCode { get; init; } = "";

    public string Name { get; init; } = "";

    public string? District { get; init; }

    public string[] Segments { get; init; } = [];

    public string Tier { get; init; } = "";

    public DateOnly? RecognizedOn { get; init; }

    public DateOnly? ValidUntil { get; init; }

    public string? PreviousTier { get; init; }

    public DateOnly? MovedOn { get; init; }
}

/// <summary>A product behind a pipeline or target number, at its stage on the day.</summary>
public sealed record PictureProduct
{
    public string ProductId { get; init; } = "";

    public string Name { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string? EnterpriseName { get; init; }

    public string Kind { get; init; } = "";

    public string Stage { get; init; } = "";

    public int StageRank { get; init; }

    public DateOnly EnteredOn { get; init; }

    public bool ClassOne { get; init; }

    public bool InnovativeDevice { get; init; }

    public string? RegistrationClass { get; init; }
}

/// <summary>
/// A funding entry behind the funding chart: amount is the part counted under source (a round's
/// guidance-fund part is its own row under guidance-fund, the rest under equity).
/// </summary>
public sealed record PictureFunding
{
    public string FundingId { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string EnterpriseName { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Source { get; init; } = "";

    public DateOnly FundedOn { get; init; }

    /// <summary>day, month or year: how much of fundedOn is known.</summary>
    public string DatePrecision { get; init; } = "day";

    public decimal Amount { get; init; }

    public string Currency { get; init; } = "";

    public bool Uncapped { get; init; }

    /// <summary>The round type, grantor or lender.</summary>
    public string? Detail { get; init; }
}

/// <summary>A lead behind a funnel or chain-map number, at its stage and status on the day.</summary>
public sealed record PictureLead
{
    public string LeadId { get; init; } = "";

    public string Company { get; init; } = "";

    public string Segment { get; init; } = "";

    public string? ChainLink { get; init; }

    public string Stage { get; init; } = "";

    public int StageRank { get; init; }

    public string Status { get; init; } = "";

    public string OwnerName { get; init; } = "";

    public decimal? Likelihood { get; init; }

    public DateOnly? NextFollowUp { get; init; }
}

/// <summary>A platform behind a chain-map or target number, with its status on the day and since when.</summary>
public sealed record PicturePlatform
{
    public string PlatformId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Status { get; init; } = "";

    public DateOnly Since { get; init; }

    public string? ParkId { get; init; }

    public string? Operator { get; init; }
}
