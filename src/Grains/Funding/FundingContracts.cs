namespace CellValley.Grains.Funding;

/// <summary>An investor in an equity round; type "guidance-fund" marks government guidance funds (政府引导基金).</summary>
/// <remarks>AmountYuan: the investor's part of the round, where known.</remarks>
[GenerateSerializer, Immutable, Alias("cv.Investor")]
public sealed record Investor([property: Id(0)] string Name, [property: Id(1)] string Type, [property: Id(2)] bool Lead, [property: Id(3)] decimal? AmountYuan = null);

/// <summary>
/// A funding entry to record: an equity round, a loan, or a grant/subsidy. Fields that belong to
/// another kind must be left out.
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.NewFunding")]
public sealed record NewFunding(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string? DatePrecision,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] string? RoundType = null,
    [property: Id(6)] IReadOnlyList<Investor>? Investors = null,
    [property: Id(7)] string? Lender = null,
    [property: Id(8)] int? TermMonths = null,
    [property: Id(9)] string? Category = null,
    [property: Id(10)] string? ProductId = null,
    [property: Id(11)] string? Grantor = null,
    [property: Id(12)] string? Program = null,
    [property: Id(13)] string? Reference = null,
    [property: Id(14)] bool Uncapped = false);

/// <summary>A recorded funding entry.</summary>
[GenerateSerializer, Immutable, Alias("cv.FundingView")]
public sealed record FundingView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Source,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] string DatePrecision,
    [property: Id(5)] decimal Amount,
    [property: Id(6)] string Currency,
    [property: Id(7)] string? RoundType,
    [property: Id(8)] IReadOnlyList<Investor> Investors,
    [property: Id(9)] string? Lender,
    [property: Id(10)] int? TermMonths,
    [property: Id(11)] string? Category,
    [property: Id(12)] string? ProductId,
    [property: Id(13)] string? Grantor,
    [property: Id(14)] string? Program,
    [property: Id(15)] string? Reference,
    [property: Id(16)] string? PolicyVersion,
    [property: Id(17)] string RecordedBy,
    [property: Id(18)] DateTimeOffset RecordedAt,
    [property: Id(19)] bool Uncapped = false,
    [property: Id(20)] FundingVoid? Voided = null,
    [property: Id(21)] decimal GuidanceFundYuan = 0);

/// <summary>Why and by whom an entry was voided (it stays on record, but no longer counts), and the entry that corrected it.</summary>
[GenerateSerializer, Immutable, Alias("cv.FundingVoid")]
public sealed record FundingVoid(
    [property: Id(0)] string Reason,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? ReplacedBy);
