using CellValley.Grains.Enterprises;
using CellValley.Grains.Funding;
using CellValley.Grains.Products;

namespace CellValley.Grains.Proposals;

/// <summary>One field of a proposal: its value on the record when proposed and the value proposed, as JSON.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProposedField")]
public sealed record ProposedField(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To)
{
    /// <summary>Whether every proposed field is among the fields a change would make now, from the same value (it still holds what it was proposed from).</summary>
    public static bool StillFrom(IReadOnlyList<ProposedField> now, IEnumerable<ProposedField> proposed) =>
        proposed.All(p => now.FirstOrDefault(n => n.Field == p.Field) is { } current && current.From == p.From);
}

/// <summary>What a change to a profile would do: the fields it changes (from → to), or why it is refused, and the record's version.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProfilePreview")]
public sealed record ProfilePreview(
    [property: Id(0)] IReadOnlyList<Common.FieldError> Errors,
    [property: Id(1)] IReadOnlyList<ProposedField> Fields,
    [property: Id(2)] int Version,
    [property: Id(3)] bool Registered);

/// <summary>What a proposal changes: the profile, or one of the enterprise's records (a new product, a product's description, a stage move, a round or loan).</summary>
public static class ProposalKinds
{
    public const string Profile = "profile";
    public const string Product = "product";
    public const string ProductUpdate = "product-update";
    public const string Stage = "stage";
    public const string Funding = "funding";

    public static readonly IReadOnlyList<string> All = [Profile, Product, ProductUpdate, Stage, Funding];

    /// <summary>Kinds proposed as one whole (a single field named after the kind): accepted or rejected as a whole.</summary>
    public static bool IsWhole(string kind) => kind is Product or Stage or Funding;
}

/// <summary>A proposed change to one of the enterprise's records; the member for its kind is set (ProductId for a product's update or stage move).</summary>
[GenerateSerializer, Immutable, Alias("cv.ProposedRecord")]
public sealed record ProposedRecord(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? ProductId = null,
    [property: Id(2)] NewProduct? Product = null,
    [property: Id(3)] ProductChanges? ProductChanges = null,
    [property: Id(4)] StageMove? Move = null,
    [property: Id(5)] NewFunding? Funding = null)
{
    /// <summary>The record change holding only the accepted fields (a whole kind is all or nothing).</summary>
    public ProposedRecord Only(IReadOnlySet<string> fields) => Kind != ProposalKinds.ProductUpdate || ProductChanges is not { } c ? this : this with
    {
        ProductChanges = new ProductChanges(
            fields.Contains("name") ? c.Name : null,
            fields.Contains("kind") ? c.Kind : null,
            fields.Contains("registrationClass") ? c.RegistrationClass : null,
            fields.Contains("indication") ? c.Indication : null,
            fields.Contains("innovativeDevice") ? c.InnovativeDevice : null),
    };
}

/// <summary>What a record change would change (fields from → to) and the version it is judged against (the product's, else the enterprise's).</summary>
[GenerateSerializer, Immutable, Alias("cv.RecordPreview")]
public sealed record RecordPreview(
    [property: Id(0)] IReadOnlyList<ProposedField> Fields,
    [property: Id(1)] int Version);

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
    [property: Id(12)] int Version,
    [property: Id(13)] string Kind = ProposalKinds.Profile,
    [property: Id(14)] string? ProductId = null);

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
