using CellValley.Grains.Events;

namespace CellValley.Grains.Leads.Events;

/// <summary>The credit code the lead names (as its company's or the landed enterprise's) was a duplicate record merged into another.</summary>
public sealed record LeadRecoded(string From, string To, bool CreditCode, bool LandedCode) : IRegistryEvent
{
    public static string Name => "LeadRecoded";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
    [
        .. CreditCode ? new[] { FieldChange.Of<string?>("creditCode", From, To) } : [],
        .. LandedCode ? new[] { FieldChange.Of<string?>("landedCode", From, To) } : [],
    ];
}
