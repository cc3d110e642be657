using System.ComponentModel.DataAnnotations;
using CellValley.Grains.Funding;

namespace CellValley.Api.Funding;

public sealed record InvestorDto(string? Name, string? Type, bool? Lead);

/// <summary>Body of POST /api/enterprises/{code}/funding. kind is equity, loan or grant; see the example.</summary>
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
    string? Reference);

/// <summary>One total of the funding summary: a year, a source (equity, guidance-fund, grant, loan), a currency.</summary>
public sealed record FundingTotal(int Year, string Source, string Currency, decimal Amount, int Count);

public sealed record FundingSummaryDto(IReadOnlyList<FundingView> Entries, IReadOnlyList<FundingTotal> Totals);

internal static class FundingDtoMapping
{
    public static NewFunding ToNewFunding(this NewFundingRequest r) => new(
        r.Kind ?? "",
        r.Date!.Value,
        r.DatePrecision,
        r.Amount!.Value,
        r.Currency ?? "CNY",
        r.RoundType,
        r.Investors?.Select(i => new Investor(i?.Name ?? "", i?.Type ?? "", i?.Lead ?? false)).ToArray(),
        r.Lender,
        r.TermMonths,
        r.Category,
        r.ProductId,
        r.Grantor,
        r.Program,
        r.Reference);

    public static IReadOnlyList<FundingTotal> Totals(IEnumerable<FundingView> entries) => entries
        .GroupBy(e => (e.Date.Year, e.Source, e.Currency))
        .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Source).ThenBy(g => g.Key.Currency)
        .Select(g => new FundingTotal(g.Key.Year, g.Key.Source, g.Key.Currency, g.Sum(e => e.Amount), g.Count()))
        .ToArray();
}
