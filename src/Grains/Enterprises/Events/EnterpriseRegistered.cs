using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises.Events;

/// <summary>An enterprise was registered: its credit code, the profile fields it came with, the lead it landed from.</summary>
public sealed record EnterpriseRegistered(string CreditCode, IReadOnlyList<FieldChange> Profile, string? LeadId) : IRegistryEvent
{
    public static string Name => "EnterpriseRegistered";

    public string? Subject => null;

    public IReadOnlyList<FieldChange> Changes() =>
        [FieldChange.Of<string?>("creditCode", null, CreditCode), .. Profile, .. LeadId is null ? [] : new[] { FieldChange.Of<string?>("leadId", null, LeadId) }];
}
