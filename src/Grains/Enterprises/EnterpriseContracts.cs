namespace CellValley.Grains.Enterprises;

/// <summary>A named contact person of an enterprise (联系人).</summary>
[GenerateSerializer, Immutable, Alias("cv.Contact")]
public sealed record Contact(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? Email);

/// <summary>Facts the tier criteria ask about (知识产权, 高新技术企业, 科技项目); null: not given.</summary>
[GenerateSerializer, Immutable, Alias("cv.Qualifications")]
public sealed record Qualifications(
    [property: Id(0)] int? IpClass1Items,
    [property: Id(1)] int? IpClass2Items,
    [property: Id(2)] bool? HighTechEnterprise,
    [property: Id(3)] bool? StateOrProvincialProject);

/// <summary>What an enterprise says about itself: the editable part of its record.</summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseProfile")]
public sealed record EnterpriseProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string? NameEn,
    [property: Id(2)] IReadOnlyList<string> Segments,
    [property: Id(3)] DateOnly? FoundedOn,
    [property: Id(4)] string? District,
    [property: Id(5)] int? Headcount,
    [property: Id(6)] decimal? RevenueYuan,
    [property: Id(7)] decimal? RdSpendYuan,
    [property: Id(8)] int? FinancialYear,
    [property: Id(9)] IReadOnlyList<Contact> Contacts,
    [property: Id(10)] Qualifications? Qualifications = null);

/// <summary>A partial profile change: a null member leaves that field as it is; "" clears a text field.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProfileChanges")]
public sealed record ProfileChanges(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? NameEn = null,
    [property: Id(2)] IReadOnlyList<string>? Segments = null,
    [property: Id(3)] DateOnly? FoundedOn = null,
    [property: Id(4)] string? District = null,
    [property: Id(5)] int? Headcount = null,
    [property: Id(6)] decimal? RevenueYuan = null,
    [property: Id(7)] decimal? RdSpendYuan = null,
    [property: Id(8)] int? FinancialYear = null,
    [property: Id(9)] IReadOnlyList<Contact>? Contacts = null,
    [property: Id(10)] Qualifications? Qualifications = null);

/// <summary>A request to record a tier recognition (梯度培育认定).</summary>
[GenerateSerializer, Immutable, Alias("cv.RecognizeTier")]
public sealed record RecognizeTier(
    [property: Id(0)] string Tier,
    [property: Id(1)] DateOnly RecognizedOn,
    [property: Id(2)] string? Batch,
    [property: Id(3)] string Source,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateOnly? ValidUntil);

/// <summary>A recorded tier recognition, kept in the enterprise's tier history.</summary>
[GenerateSerializer, Immutable, Alias("cv.TierRecognition")]
public sealed record TierRecognition(
    [property: Id(0)] string Tier,
    [property: Id(1)] DateOnly RecognizedOn,
    [property: Id(2)] string? Batch,
    [property: Id(3)] string Source,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateOnly? ValidUntil,
    [property: Id(6)] string RecordedBy,
    [property: Id(7)] DateTimeOffset RecordedAt,
    [property: Id(8)] string? EngineVerdict = null,
    [property: Id(9)] int Seq = 0,
    [property: Id(10)] RecognitionVoid? Voided = null);

/// <summary>Why and by whom a recognition recorded by mistake was voided.</summary>
[GenerateSerializer, Immutable, Alias("cv.RecognitionVoid")]
public sealed record RecognitionVoid([property: Id(0)] string Reason, [property: Id(1)] string By, [property: Id(2)] DateTimeOffset At);

/// <summary>An enterprise as the grain sees it now.</summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseView")]
public sealed record EnterpriseView(
    [property: Id(0)] string CreditCode,
    [property: Id(1)] EnterpriseProfile Profile,
    [property: Id(2)] string Tier,
    [property: Id(3)] IReadOnlyList<TierRecognition> TierHistory,
    [property: Id(4)] int Version,
    [property: Id(5)] DateTimeOffset RegisteredAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] string? LeadId = null,
    [property: Id(8)] EnterpriseStatus? Status = null);

/// <summary>The statuses an enterprise can have in the cluster.</summary>
public static class EnterpriseStatuses
{
    public const string Active = "active";
    public const string MovedOut = "moved-out";
    public const string Deregistered = "deregistered";

    /// <summary>Merged into another record of the same firm: final, set only by a merge.</summary>
    public const string Merged = "merged";

    /// <summary>The statuses staff set through the status route.</summary>
    public static readonly string[] All = [Active, MovedOut, Deregistered];

    /// <summary>Every status a list can be filtered by.</summary>
    public static readonly string[] Listed = [Active, MovedOut, Deregistered, Merged];
}

/// <summary>A status change to record: moved-out needs the destination, a return to active a reason.</summary>
[GenerateSerializer, Immutable, Alias("cv.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] string Status,
    [property: Id(1)] DateOnly Since,
    [property: Id(2)] string? Destination,
    [property: Id(3)] string? Reason);

/// <summary>An enterprise's status now (active unless it moved out or was deregistered) and how it got there.</summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseStatus")]
public sealed record EnterpriseStatus(
    [property: Id(0)] string Status,
    [property: Id(1)] DateOnly? Since,
    [property: Id(2)] string? Destination,
    [property: Id(3)] IReadOnlyList<StatusChange> History,
    [property: Id(4)] string? MergedInto = null,
    [property: Id(5)] IReadOnlyList<string>? MergedFrom = null);

/// <summary>What a merge moved from the duplicate to the surviving record.</summary>
[GenerateSerializer, Immutable, Alias("cv.MergeResult")]
public sealed record MergeResult(
    [property: Id(0)] EnterpriseView Duplicate,
    [property: Id(1)] EnterpriseView Survivor,
    [property: Id(2)] int Products,
    [property: Id(3)] int Funding,
    [property: Id(4)] int Recognitions,
    [property: Id(5)] int Leases,
    [property: Id(6)] int Relations,
    [property: Id(7)] int Leads);

/// <summary>The duplicate's own parts handed to the survivor (products, funding, recognitions as stored, JSON).</summary>
[GenerateSerializer, Immutable, Alias("cv.MergedParts")]
public sealed record MergedParts(
    [property: Id(0)] string From,
    [property: Id(1)] string Reason,
    [property: Id(2)] string PartsJson);
