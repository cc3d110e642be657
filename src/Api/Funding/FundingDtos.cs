using System.ComponentModel.DataAnnotations;
using CellValley.Grains.Funding;

namespace CellValley.Api.Funding;

/// <summary>An investor of a round to record; amountYuan is its part of the round, where known.</summary>
public sealed record InvestorDto(string? Name, string? Type, bool? Lead, decimal? AmountYuan = null);

/// <summary>Body of POST /api/enterprises/{code}/funding. kind is equity, loan or grant; see the example. comment: an enterprise's note to the reviewer (its rounds and loans wait for review).</summary>
public sealed record NewFundingRequest(
    [property: Required] string? Kind,
    [property: Required] DateOnly? Date,
    string? DatePrecision,
    [property: Required] decimal? Amount,
    string? Currency,
    string? RoundType,
    List<InvestorDto>? Investors,
    string? Lender,
    int? TermMonths,
    string? Category,
    string? ProductId,
    string? Grantor,
    string? Program,
    string? Reference,
    bool? Uncapped = null,
    string? Comment = null);

/// <summary>Body of POST …/funding/{fundingId}/void: why the entry was wrong.</summary>
public sealed record VoidFundingRequest([property: Required] string? Reason);

/// <summary>Body of POST …/funding/{fundingId}/correction: the entry as it should have been, and why.</summary>
public sealed record CorrectFundingRequest([property: Required] string? Reason, [property: Required] NewFundingRequest? Funding);

/// <summary>One total of the funding summary: a year, a source (equity, guidance-fund, grant, loan), a currency.</summary>
public sealed record FundingTotal(int Year, string Source, string Currency, decimal Amount, int Count);

/// <summary>An investor of a round; lead marks the lead investor.</summary>
public sealed record FundingInvestorDto(string Name, string Type, bool Lead, decimal? AmountYuan);

/// <summary>A recorded round, loan or grant as the API returns it.</summary>
public sealed record FundingDto(
    string Id,
    string Kind,
    string Source,
    DateOnly Date,
    string DatePrecision,
    decimal Amount,
    string Currency,
    string? RoundType,
    IReadOnlyList<FundingInvestorDto> Investors,
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
    bool Uncapped,
    FundingVoidDto? Voided,
    decimal GuidanceFundYuan);

/// <summary>Why and by whom an entry was voided, and the entry that corrected it (if any). A voided entry no longer counts.</summary>
public sealed record FundingVoidDto(string Reason, string By, DateTimeOffset At, string? ReplacedBy);

/// <summary>A grant category of a policy version and its cap (null: no cap).</summary>
public sealed record GrantCategoryDto(string Code, string Name, decimal? CapYuan, bool PerProduct, bool CountsTowardAnnualCap);

/// <summary>A version of the grant-cap policy and when it is in force.</summary>
public sealed record GrantPolicyDto(string Version, string Title, DateOnly EffectiveFrom, DateOnly? EffectiveTo, decimal? AnnualCapYuan, IReadOnlyList<GrantCategoryDto> Categories);

/// <summary>
/// An enterprise's funding: every entry (voided ones flagged), the totals that count, and the grant caps of
/// the policy in force today with what the recorded grants use of each (per product and category, and
/// this year's cap per enterprise) — the headroom the next grant may take.
/// </summary>
public sealed record FundingSummaryDto(IReadOnlyList<FundingDto> Entries, IReadOnlyList<FundingTotal> Totals, IReadOnlyList<GrantCapUseDto> Caps);

/// <summary>kind: annual (subject is the year) or per-product (subject is the category's name, with the product).</summary>
public sealed record GrantCapUseDto(string Kind, string PolicyVersion, string Subject, string? Category, string? ProductId, decimal CapYuan, decimal UsedYuan, decimal HeadroomYuan);

public static class FundingDtoMapping
{
    public static GrantPolicyDto AsDto(this GrantPolicyVersion v) => new(v.Version, v.Title, v.EffectiveFrom, v.EffectiveTo, v.AnnualCapYuan,
        v.Categories.Select(c => new GrantCategoryDto(c.Code, c.Name, c.CapYuan, c.PerProduct, c.CountsTowardAnnualCap)).ToArray());

    public static FundingDto AsDto(this FundingView f) => new(
        f.Id, f.Kind, f.Source, f.Date, f.DatePrecision, f.Amount, f.Currency, f.RoundType,
        f.Investors.Select(i => new FundingInvestorDto(i.Name, i.Type, i.Lead, i.AmountYuan)).ToArray(),
        f.Lender, f.TermMonths, f.Category, f.ProductId, f.Grantor, f.Program, f.Reference, f.PolicyVersion, f.RecordedBy, f.RecordedAt,
        f.Uncapped, f.Voided is { } v ? new FundingVoidDto(v.Reason, v.By, v.At, v.ReplacedBy) : null, f.GuidanceFundYuan);

    public static NewFunding ToNewFunding(this NewFundingRequest r) => new(
        r.Kind ?? "",
        r.Date!.Value,
        r.DatePrecision,
        r.Amount!.Value,
        r.Currency ?? "CNY",
        r.RoundType,
        r.Investors?.Select(i => new Investor(i?.Name ?? "", i?.Type ?? "", i?.Lead ?? false, i?.AmountYuan)).ToArray(),
        r.Lender,
        r.TermMonths,
        r.Category,
        r.ProductId,
        r.Grantor,
        r.Program,
        r.Reference,
        r.Uncapped ?? false);

    /// <summary>Totals of the entries that count (voided ones are left out); a round's guidance-fund part is totalled as guidance-fund, the rest as equity.</summary>
    public static IReadOnlyList<FundingTotal> Totals(IEnumerable<FundingView> entries) => entries
        .Where(e => e.Voided is null)
        .SelectMany(e => new[] { (e.Date.Year, e.Source, e.Currency, Amount: e.Amount - e.GuidanceFundYuan), (e.Date.Year, Source: "guidance-fund", e.Currency, Amount: e.GuidanceFundYuan) })
        .Where(p => p.Amount > 0)
        .GroupBy(p => (p.Year, p.Source, p.Currency))
        .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Source).ThenBy(g => g.Key.Currency)
        .Select(g => new FundingTotal(g.Key.Year, g.Key.Source, g.Key.Currency, g.Sum(p => p.Amount), g.Count()))
        .ToArray();
}
