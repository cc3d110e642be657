namespace CellValley.Grains.Funding;

/// <summary>Stored state of one funding entry, inside its enterprise's state.</summary>
public sealed class FundingState
{
    public string Id { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateOnly Date { get; set; }

    public string DatePrecision { get; set; } = "day";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "CNY";

    public string? RoundType { get; set; }

    public List<InvestorState> Investors { get; set; } = [];

    public string? Lender { get; set; }

    public int? TermMonths { get; set; }

    public string? Category { get; set; }

    public string? ProductId { get; set; }

    public string? Grantor { get; set; }

    public string? Program { get; set; }

    public string? Reference { get; set; }

    public string? PolicyVersion { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>A grant dated where no known cap policy was in force, recorded on purpose without cap checks.</summary>
    public bool Uncapped { get; set; }

    public DateTimeOffset? VoidedAt { get; set; }

    public string? VoidedBy { get; set; }

    public string? VoidReason { get; set; }

    /// <summary>The entry that corrected this one, when it was voided by a correction.</summary>
    public string? ReplacedBy { get; set; }

    public bool Counts => VoidedAt is null;

    /// <summary>equity, grant or loan: where the money came from (a round's guidance-fund part is <see cref="GuidanceFundYuan"/>).</summary>
    public string Source => Kind;

    /// <summary>
    /// The part of an equity round that came from government guidance funds (政府引导基金): the whole round
    /// when every investor is one, else what the guidance-fund investors are stated to have put in.
    /// </summary>
    public decimal GuidanceFundYuan =>
        Kind != FundingRules.Equity || !Investors.Any(i => i.Type == FundingRules.GuidanceFund) ? 0
        : Investors.All(i => i.Type == FundingRules.GuidanceFund) ? Amount
        : Investors.Where(i => i.Type == FundingRules.GuidanceFund).Sum(i => i.AmountYuan ?? 0);
}

public sealed class InvestorState
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public bool Lead { get; set; }

    public decimal? AmountYuan { get; set; }
}
