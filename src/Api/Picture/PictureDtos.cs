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

public sealed record TargetStatus(string Id, string Text, decimal? Value, decimal? Min, decimal? Max, decimal? Above, bool Met);

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
