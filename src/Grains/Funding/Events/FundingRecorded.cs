using CellValley.Grains.Events;

namespace CellValley.Grains.Funding.Events;

/// <summary>A funding entry (equity round, loan or grant) was recorded.</summary>
public sealed record FundingRecorded(FundingDetails Funding) : IRegistryEvent
{
    public static string Name => "FundingRecorded";

    public string? Subject => "funding:" + Funding.Id;

    public IReadOnlyList<FieldChange> Changes() =>
        [FieldChange.Of<string?>("fundingId", null, Funding.Id), FieldChange.Of<FundingDetails?>("funding", null, Funding)];
}

/// <summary>A funding entry as its event records it.</summary>
public sealed record FundingDetails(
    string Id,
    string Kind,
    string Source,
    DateOnly Date,
    string DatePrecision,
    decimal Amount,
    string Currency,
    string? RoundType,
    IReadOnlyList<InvestorDetails> Investors,
    string? Lender,
    int? TermMonths,
    string? Category,
    string? ProductId,
    string? Grantor,
    string? Program,
    string? Reference,
    string? PolicyVersion,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    bool Uncapped = false);

/// <summary>An investor of a round as its event records it.</summary>
public sealed record InvestorDetails(string Name, string Type, bool Lead, decimal? AmountYuan = null);
