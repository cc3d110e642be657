using CellValley.Grains.Enterprises;

namespace CellValley.Grains.Proposals;

/// <summary>One field of a proposal: its value on the record when proposed and the value proposed, as JSON.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProposedField")]
public sealed record ProposedField(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To);

/// <summary>What a change to a profile would do: the fields it changes (from → to), or why it is refused, and the record's version.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProfilePreview")]
public sealed record ProfilePreview(
    [property: Id(0)] IReadOnlyList<Common.FieldError> Errors,
    [property: Id(1)] IReadOnlyList<ProposedField> Fields,
    [property: Id(2)] int Version,
    [property: Id(3)] bool Registered);

/// <summary>A proposal as it stands: the enterprise, the fields with each one's decision, who proposed and who reviewed it.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProposalView")]
public sealed record ProposalView(
    [property: Id(0)] string Id,
    [property: Id(1)] string CreditCode,
    [property: Id(2)] string State,
    [property: Id(3)] IReadOnlyList<ProposedField> Fields,
    [property: Id(4)] IReadOnlyDictionary<string, string> Decisions,
    [property: Id(5)] string? Comment,
    [property: Id(6)] string ProposedBy,
    [property: Id(7)] DateTimeOffset ProposedAt,
    [property: Id(8)] int BaseVersion,
    [property: Id(9)] string? ReviewedBy,
    [property: Id(10)] DateTimeOffset? ReviewedAt,
    [property: Id(11)] string? ReviewComment,
    [property: Id(12)] int Version);

/// <summary>The states of a proposal and the decisions on its fields.</summary>
public static class ProposalStates
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string PartlyAccepted = "partly-accepted";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";

    /// <summary>The record changed after the proposal was made: it can no longer be reviewed as made; propose again.</summary>
    public const string Lapsed = "lapsed";

    public const string Accept = "accept";
    public const string Reject = "reject";

    /// <summary>The profile changes holding only the given fields of a change.</summary>
    public static ProfileChanges Only(ProfileChanges changes, IReadOnlySet<string> fields) => new(
        fields.Contains("name") ? changes.Name : null,
        fields.Contains("nameEn") ? changes.NameEn : null,
        fields.Contains("segments") ? changes.Segments : null,
        fields.Contains("foundedOn") ? changes.FoundedOn : null,
        fields.Contains("district") ? changes.District : null,
        fields.Contains("headcount") ? changes.Headcount : null,
        fields.Contains("revenueYuan") ? changes.RevenueYuan : null,
        fields.Contains("rdSpendYuan") ? changes.RdSpendYuan : null,
        fields.Contains("financialYear") ? changes.FinancialYear : null,
        fields.Contains("contacts") ? changes.Contacts : null,
        fields.Contains("qualifications") ? changes.Qualifications : null);
}
