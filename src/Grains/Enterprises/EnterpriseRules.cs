using CellValley.Grains.Common;
using CellValley.Grains.Taxonomy;

namespace CellValley.Grains.Enterprises;

/// <summary>The rules an enterprise's profile and tier recognitions must keep.</summary>
public static class EnterpriseRules
{
    public const int NameMax = 100;
    public const int NameEnMax = 200;
    public const int DistrictMax = 50;
    public const int SegmentsMax = 10;
    public const int ContactsMax = 20;
    public const int HeadcountMax = 10_000_000;
    public const decimal AmountMax = 1_000_000_000_000_000m;
    public static readonly DateOnly EarliestFounding = new(1900, 1, 1);

    /// <summary>Checks a whole profile; field names are the API's JSON paths.</summary>
    public static IReadOnlyList<FieldError> Validate(EnterpriseProfile profile, ClusterTaxonomy taxonomy, DateOnly today)
    {
        var errors = new FieldErrors();
        errors.Required("name", profile.Name, NameMax);
        errors.MaxLength("nameEn", profile.NameEn, NameEnMax);
        errors.MaxLength("district", profile.District, DistrictMax);
        ValidateSegments(errors, profile.Segments, taxonomy);

        if (profile.FoundedOn > today)
        {
            errors.Add("foundedOn", Rule.NotInFuture(today));
        }
        else if (profile.FoundedOn < EarliestFounding)
        {
            errors.Add("foundedOn", Rule.NotBefore(EarliestFounding));
        }

        if (profile.Headcount is < 0 or > HeadcountMax)
        {
            errors.Add("headcount", Rule.Between(0, HeadcountMax));
        }

        Amount(errors, "revenueYuan", profile.RevenueYuan);
        Amount(errors, "rdSpendYuan", profile.RdSpendYuan);
        if (profile.FinancialYear is { } year && (year < EarliestFounding.Year || year > today.Year))
        {
            errors.Add("financialYear", Rule.YearBetween(EarliestFounding.Year, today.Year));
        }

        ValidateContacts(errors, profile.Contacts);
        if (profile.Qualifications is { } q)
        {
            if (q.IpClass1Items is < 0 or > 100_000)
            {
                errors.Add("qualifications.ipClass1Items", Rule.Between(0, 100_000));
            }

            if (q.IpClass2Items is < 0 or > 100_000)
            {
                errors.Add("qualifications.ipClass2Items", Rule.Between(0, 100_000));
            }
        }

        return errors.ToList();
    }

    /// <summary>Checks a tier recognition request.</summary>
    public static IReadOnlyList<FieldError> Validate(RecognizeTier recognition, ClusterTaxonomy taxonomy, DateOnly today)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(recognition.Tier))
        {
            errors.Add("tier", Rule.Required());
        }
        else if (taxonomy.FindTier(recognition.Tier) is null)
        {
            errors.Add("tier", Rule.OneOf(string.Join(", ", taxonomy.Tiers.Select(t => $"{t.Code} ({t.Name})"))));
        }

        if (recognition.RecognizedOn > today)
        {
            errors.Add("recognizedOn", Rule.NotInFuture(today));
        }
        else if (recognition.RecognizedOn < EarliestFounding)
        {
            errors.Add("recognizedOn", Rule.NotBefore(EarliestFounding));
        }

        if (recognition.ValidUntil is { } until && until <= recognition.RecognizedOn)
        {
            errors.Add("validUntil", Rule.AfterField("recognizedOn"));
        }

        errors.MaxLength("batch", recognition.Batch, 100);
        errors.Required("source", recognition.Source, 200);
        errors.MaxLength("reason", recognition.Reason, 1000);
        return errors.ToList();
    }

    /// <summary>Applies a partial change to a profile; "" clears an optional text field.</summary>
    public static EnterpriseProfile Apply(EnterpriseProfile profile, ProfileChanges changes) => profile with
    {
        Name = changes.Name?.Trim() ?? profile.Name,
        NameEn = changes.NameEn is null ? profile.NameEn : Blank(changes.NameEn),
        Segments = changes.Segments ?? profile.Segments,
        FoundedOn = changes.FoundedOn ?? profile.FoundedOn,
        District = changes.District is null ? profile.District : Blank(changes.District),
        Headcount = changes.Headcount ?? profile.Headcount,
        RevenueYuan = changes.RevenueYuan ?? profile.RevenueYuan,
        RdSpendYuan = changes.RdSpendYuan ?? profile.RdSpendYuan,
        FinancialYear = changes.FinancialYear ?? profile.FinancialYear,
        Contacts = changes.Contacts ?? profile.Contacts,
        Qualifications = changes.Qualifications ?? profile.Qualifications,
    };

    /// <summary>Trims text fields and drops blank optional ones, so equal input compares equal.</summary>
    public static EnterpriseProfile Normalize(EnterpriseProfile profile) => profile with
    {
        Name = profile.Name?.Trim() ?? "",
        NameEn = Blank(profile.NameEn),
        District = Blank(profile.District),
        Segments = (profile.Segments ?? []).Select(s => s?.Trim() ?? "").ToArray(),
        Contacts = (profile.Contacts ?? [])
            .Select(c => new Contact(c.Name?.Trim() ?? "", Blank(c.Title), Blank(c.Phone), Blank(c.Email)))
            .ToArray(),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Amount(FieldErrors errors, string field, decimal? value)
    {
        if (value < 0)
        {
            errors.Add(field, Rule.NotNegative());
        }
        else if (value > AmountMax)
        {
            errors.Add(field, Rule.AmountMax(AmountMax));
        }
    }

    private static void ValidateSegments(FieldErrors errors, IReadOnlyList<string>? segments, ClusterTaxonomy taxonomy)
    {
        if (segments is null || segments.Count == 0)
        {
            errors.Add("segments", Rule.SegmentsMin());
            return;
        }

        if (segments.Count > SegmentsMax)
        {
            errors.Add("segments", Rule.SegmentsMax(SegmentsMax));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (!taxonomy.IsSegment(segment))
            {
                errors.Add($"segments[{i}]", Rule.UnknownSegment(Truncate(segment)));
            }
            else if (!seen.Add(segment))
            {
                errors.Add($"segments[{i}]", Rule.ListedTwice(segment));
            }
        }
    }

    private static void ValidateContacts(FieldErrors errors, IReadOnlyList<Contact>? contacts)
    {
        if (contacts is null)
        {
            return;
        }

        if (contacts.Count > ContactsMax)
        {
            errors.Add("contacts", Rule.ContactsMax(ContactsMax));
            return;
        }

        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            var path = $"contacts[{i}]";
            if (contact is null)
            {
                errors.Add(path, Rule.NotNull());
                continue;
            }

            errors.Required($"{path}.name", contact.Name, 50);
            errors.MaxLength($"{path}.title", contact.Title, 50);
            errors.MaxLength($"{path}.phone", contact.Phone, 30);
            if (contact.Phone is { } phone && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
            {
                errors.Add($"{path}.phone", Rule.Phone());
            }

            errors.MaxLength($"{path}.email", contact.Email, 254);
            if (contact.Email is { } email && (email.IndexOf('@') is <= 0 || email.IndexOf('@') == email.Length - 1))
            {
                errors.Add($"{path}.email", Rule.Email());
            }
        }
    }

    private static string Truncate(string? value) =>
        value is null ? "null" : value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>A status change: a known status, dated (not in the future, not before founding or the last change), moved-out says where to, a return says why.</summary>
    public static IReadOnlyList<FieldError> Validate(StatusChange change, StatusState current, DateOnly? foundedOn, DateOnly today)
    {
        var errors = new FieldErrors();
        if (!EnterpriseStatuses.All.Contains(change.Status))
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", EnterpriseStatuses.All)));
            return errors.ToList();
        }

        if (change.Status == current.Status)
        {
            errors.Add("status", Rule.Unchanged(change.Status));
        }

        if (change.Since > today)
        {
            errors.Add("since", Rule.NotInFuture(today));
        }
        else if (current.Status != EnterpriseStatuses.Active && change.Since < current.Since)
        {
            errors.Add("since", Rule.NotBeforeEntered(current.Since, current.Status));
        }
        else if (foundedOn is { } founded && change.Since < founded)
        {
            errors.Add("since", Rule.NotBeforeField("foundedOn", founded));
        }

        if (change.Status == EnterpriseStatuses.MovedOut)
        {
            errors.Required("destination", change.Destination, 100);
        }
        else if (change.Destination is not null)
        {
            errors.Add("destination", Rule.OnlyWhen("status = moved-out"));
        }

        if (change.Status == EnterpriseStatuses.Active)
        {
            errors.Required("reason", change.Reason, 500);
        }

        errors.MaxLength("reason", change.Reason, 500);
        return errors.ToList();
    }
}
