using CellValley.Grains.Events;

namespace CellValley.Grains.Funding.Events;

/// <summary>A funding entry came to this enterprise with a merged duplicate record, as it was (voided ones stay voided).</summary>
public sealed record FundingMovedIn(string FundingId, string From, string To) : IRegistryEvent
{
    public static string Name => "FundingMovedIn";

    public string? Subject => "funding:" + FundingId;

    public IReadOnlyList<FieldChange> Changes() => [FieldChange.Of("creditCode", From, To)];
}
