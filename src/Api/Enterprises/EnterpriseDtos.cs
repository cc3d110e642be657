using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;

namespace CellValley.Api.Enterprises;

/// <summary>A contact person.</summary>
public sealed record ContactDto(string? Name, string? Title, string? Phone, string? Email);

/// <summary>Facts the tier criteria ask about; leave out what is not known.</summary>
public sealed record QualificationsDto(int? IpClass1Items, int? IpClass2Items, bool? HighTechEnterprise, bool? StateOrProvincialProject);

/// <summary>Body of POST /api/enterprises. Only creditCode, name and segments are required.</summary>
public sealed record RegisterEnterpriseRequest(
    [property: Required] string? CreditCode,
    [property: Required] string? Name,
    string? NameEn,
    [property: Required] List<string>? Segments,
    DateOnly? FoundedOn,
    string? District,
    int? Headcount,
    decimal? RevenueYuan,
    decimal? RdSpendYuan,
    int? FinancialYear,
    List<ContactDto>? Contacts,
    QualificationsDto? Qualifications = null);

/// <summary>Body of PATCH /api/enterprises/{code}: fields left out stay as they are; "" clears a text field.</summary>
public sealed record UpdateEnterpriseRequest(
    string? Name,
    string? NameEn,
    List<string>? Segments,
    DateOnly? FoundedOn,
    string? District,
    int? Headcount,
    decimal? RevenueYuan,
    decimal? RdSpendYuan,
    int? FinancialYear,
    List<ContactDto>? Contacts,
    QualificationsDto? Qualifications = null,
    string? Comment = null);

/// <summary>Body of POST /api/enterprises/{code}/tiers.</summary>
public sealed record RecordTierRequest(
    [property: Required] string? Tier,
    [property: Required] DateOnly? RecognizedOn,
    string? Batch,
    [property: Required] string? Source,
    string? Reason,
    DateOnly? ValidUntil);

public sealed record TierRecognitionDto(
    string Tier,
    string TierName,
    DateOnly RecognizedOn,
    string? Batch,
    string Source,
    string? Reason,
    DateOnly? ValidUntil,
    bool Expired,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    string? EngineVerdict,
    int Seq,
    RecognitionVoidDto? Voided);

/// <summary>Why and by whom a recognition recorded by mistake was voided; a voided recognition counts nowhere.</summary>
public sealed record RecognitionVoidDto(string Reason, string By, DateTimeOffset At);

/// <summary>Body of POST /api/enterprises/{code}/merge-into: the surviving record's credit code and why.</summary>
public sealed record MergeEnterpriseRequest([property: Required] string? Survivor, [property: Required] string? Reason);

/// <summary>The duplicate (now merged) and the surviving record after a merge, with what moved.</summary>
public sealed record MergeResultDto(EnterpriseDto Duplicate, EnterpriseDto Survivor, MergedCountsDto Moved);

/// <summary>How many of each part a merge moved to the surviving record or repointed there.</summary>
public sealed record MergedCountsDto(int Products, int Funding, int Recognitions, int Leases, int Relations, int Leads);

/// <summary>Body of POST /api/enterprises/{code}/tiers/{seq}/void.</summary>
public sealed record VoidRecognitionRequest([property: Required] string? Reason);

/// <summary>An enterprise as the API returns it.</summary>
public sealed record EnterpriseDto(
    string CreditCode,
    string Name,
    string? NameEn,
    IReadOnlyList<string> Segments,
    DateOnly? FoundedOn,
    string? District,
    int? Headcount,
    decimal? RevenueYuan,
    decimal? RdSpendYuan,
    int? FinancialYear,
    IReadOnlyList<ContactDto> Contacts,
    QualificationsDto? Qualifications,
    string Tier,
    string TierName,
    bool TierExpired,
    IReadOnlyList<TierRecognitionDto> TierHistory,
    int Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    string? LeadId,
    EnterpriseStatusDto Status,
    IReadOnlyList<Parks.LeaseRow>? Tenancies = null);

/// <summary>
/// active, moved-out (迁出, with where to), deregistered (注销) or merged (a duplicate merged into mergedInto), since
/// when, and every change before; mergedFrom lists the duplicates merged into this record.
/// </summary>
public sealed record EnterpriseStatusDto(
    string Status, DateOnly? Since, string? Destination, IReadOnlyList<StatusChangeDto> History,
    string? MergedInto = null, IReadOnlyList<string>? MergedFrom = null);

public sealed record StatusChangeDto(string Status, DateOnly Since, string? Destination, string? Reason);

/// <summary>Body of POST /api/enterprises/{code}/status.</summary>
public sealed record EnterpriseStatusRequest([property: Required] string? Status, [property: Required] DateOnly? Since, string? Destination, string? Reason);

/// <summary>A row of the enterprise list (from the read table).</summary>
public sealed record EnterpriseListItem
{
    public string CreditCode { get; init; } = "";

    public string Name { get; init; } = "";

    public string? NameEn { get; init; }

    public string[] Segments { get; init; } = [];

    public string? District { get; init; }

    public DateOnly? FoundedOn { get; init; }

    public int? Headcount { get; init; }

    /// <summary>active, moved-out (迁出) or deregistered (注销).</summary>
    public string Status { get; init; } = "active";

    public DateOnly? StatusSince { get; init; }

    public string Tier { get; init; } = "";

    public DateOnly? TierSince { get; init; }

    public DateOnly? TierValidUntil { get; init; }

    /// <summary>True when the current recognition's validity has run out (re-review due).</summary>
    public bool TierExpired { get; init; }

    public int Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One event of an entity's history.</summary>
public sealed record HistoryEntryDto(
    int Seq,
    string Type,
    string Actor,
    string ActorRole,
    DateTimeOffset OccurredAt,
    IReadOnlyList<HistoryChangeDto> Changes)
{
    /// <summary>Events stored in any earlier shape read as today's (see StoredHistory).</summary>
    public static HistoryEntryDto From(EventRecord r) =>
        new(r.Seq, r.EventType, r.Actor, r.ActorRole, r.OccurredAt,
            StoredHistory.Read(r.EventType, r.Changes).Select(c => new HistoryChangeDto(c.Field, c.From, c.To)).ToArray());
}

/// <summary>One field of an event: its value before and after (JSON of the field's own type; null when it had none).</summary>
public sealed record HistoryChangeDto(string Field, JsonElement? From, JsonElement? To);

internal static class EnterpriseDtoMapping
{
    /// <summary>
    /// The public card of an enterprise, for callers who may not read its full record (see
    /// ReadScope): name, segments, tier, district and where it is a tenant; no contacts, figures,
    /// qualifications, recognition history or lead.
    /// </summary>
    public static EnterpriseDto PublicCard(this EnterpriseDto dto) => dto with
    {
        FoundedOn = null,
        Headcount = null,
        Contacts = [],
        Qualifications = null,
        RevenueYuan = null,
        RdSpendYuan = null,
        FinancialYear = null,
        TierHistory = [],
        LeadId = null,
    };

    /// <summary>The list row of an enterprise whose full record the caller may not read.</summary>
    public static EnterpriseListItem PublicCard(this EnterpriseListItem item) => item with { FoundedOn = null, Headcount = null };

    public static EnterpriseProfile ToProfile(this RegisterEnterpriseRequest r) => new(
        r.Name ?? "",
        r.NameEn,
        r.Segments ?? [],
        r.FoundedOn,
        r.District,
        r.Headcount,
        r.RevenueYuan,
        r.RdSpendYuan,
        r.FinancialYear,
        ToContacts(r.Contacts) ?? [],
        ToQualifications(r.Qualifications));

    public static ProfileChanges ToChanges(this UpdateEnterpriseRequest r) => new(
        r.Name,
        r.NameEn,
        r.Segments,
        r.FoundedOn,
        r.District,
        r.Headcount,
        r.RevenueYuan,
        r.RdSpendYuan,
        r.FinancialYear,
        ToContacts(r.Contacts),
        ToQualifications(r.Qualifications));

    public static EnterpriseDto AsDto(this EnterpriseView view, Func<string, string> tierName, DateOnly today) => new(
        view.CreditCode,
        view.Profile.Name,
        view.Profile.NameEn,
        view.Profile.Segments,
        view.Profile.FoundedOn,
        view.Profile.District,
        view.Profile.Headcount,
        view.Profile.RevenueYuan,
        view.Profile.RdSpendYuan,
        view.Profile.FinancialYear,
        view.Profile.Contacts.Select(c => new ContactDto(c.Name, c.Title, c.Phone, c.Email)).ToArray(),
        view.Profile.Qualifications is { } q ? new QualificationsDto(q.IpClass1Items, q.IpClass2Items, q.HighTechEnterprise, q.StateOrProvincialProject) : null,
        view.Tier,
        tierName(view.Tier),
        view.TierHistory.Where(t => t.Voided is null).OrderBy(t => t.RecognizedOn).ThenBy(t => t.RecordedAt).LastOrDefault()?.ValidUntil < today,
        view.TierHistory
            .Select(t => new TierRecognitionDto(t.Tier, tierName(t.Tier), t.RecognizedOn, t.Batch, t.Source, t.Reason,
                t.ValidUntil, t.ValidUntil < today, t.RecordedBy, t.RecordedAt, t.EngineVerdict, t.Seq,
                t.Voided is { } v ? new RecognitionVoidDto(v.Reason, v.By, v.At) : null))
            .ToArray(),
        view.Version,
        view.RegisteredAt,
        view.UpdatedAt,
        view.LeadId,
        view.Status is { } s
            ? new EnterpriseStatusDto(s.Status, s.Since, s.Destination, s.History.Select(h => new StatusChangeDto(h.Status, h.Since, h.Destination, h.Reason)).ToArray(),
                s.MergedInto, s.MergedFrom)
            : new EnterpriseStatusDto("active", null, null, []));

    public static Qualifications? ToQualifications(this QualificationsDto? q) =>
        q is null ? null : new Qualifications(q.IpClass1Items, q.IpClass2Items, q.HighTechEnterprise, q.StateOrProvincialProject);

    private static Contact[]? ToContacts(List<ContactDto>? contacts) =>
        contacts?.Select(c => c is null ? null! : new Contact(c.Name ?? "", c.Title, c.Phone, c.Email)).ToArray();
}
