namespace CellValley.Grains.Enterprises;

/// <summary>Maps between the stored state and the contract records.</summary>
internal static class EnterpriseMapping
{
    public static EnterpriseProfile ToProfile(this EnterpriseState state) => new(
        state.Name,
        state.NameEn,
        state.Segments.ToArray(),
        state.FoundedOn,
        state.District,
        state.Headcount,
        state.RevenueYuan,
        state.RdSpendYuan,
        state.FinancialYear,
        state.Contacts.Select(c => new Contact(c.Name, c.Title, c.Phone, c.Email)).ToArray(),
        state.Qualifications is { } q ? new Qualifications(q.IpClass1Items, q.IpClass2Items, q.HighTechEnterprise, q.StateOrProvincialProject) : null);

    public static void SetProfile(this EnterpriseState state, EnterpriseProfile profile)
    {
        state.Name = profile.Name;
        state.NameEn = profile.NameEn;
        state.Segments = profile.Segments.ToList();
        state.FoundedOn = profile.FoundedOn;
        state.District = profile.District;
        state.Headcount = profile.Headcount;
        state.RevenueYuan = profile.RevenueYuan;
        state.RdSpendYuan = profile.RdSpendYuan;
        state.FinancialYear = profile.FinancialYear;
        state.Contacts = profile.Contacts
            .Select(c => new ContactState { Name = c.Name, Title = c.Title, Phone = c.Phone, Email = c.Email })
            .ToList();
        state.Qualifications = profile.Qualifications is { } q
            ? new QualificationsState
            {
                IpClass1Items = q.IpClass1Items,
                IpClass2Items = q.IpClass2Items,
                HighTechEnterprise = q.HighTechEnterprise,
                StateOrProvincialProject = q.StateOrProvincialProject,
            }
            : null;
    }

    /// <summary>The recognition in force: the latest by date, then by when it was recorded.</summary>
    public static RecognitionState? CurrentRecognition(this EnterpriseState state) =>
        state.TierHistory.Where(r => r.Counts).OrderBy(r => r.RecognizedOn).ThenBy(r => r.RecordedAt).LastOrDefault();

    public static string CurrentTier(this EnterpriseState state) => state.CurrentRecognition()?.Tier ?? "none";

    public static EnterpriseView ToView(this EnterpriseState state) => new(
        state.CreditCode,
        state.ToProfile(),
        state.CurrentTier(),
        state.TierHistory
            .Select((r, i) => new TierRecognition(r.Tier, r.RecognizedOn, r.Batch, r.Source, r.Reason, r.ValidUntil, r.RecordedBy, r.RecordedAt, r.EngineVerdict,
                i + 1, r.VoidedAt is { } at ? new RecognitionVoid(r.VoidReason ?? "", r.VoidedBy ?? "", at) : null))
            .ToArray(),
        state.Version,
        state.RegisteredAt,
        state.UpdatedAt,
        state.LeadId,
        state.ToStatus());

    /// <summary>The current status: the last change recorded, or active since registration.</summary>
    public static StatusState CurrentStatus(this EnterpriseState state) =>
        state.StatusHistory.Count > 0 ? state.StatusHistory[^1] : new StatusState { Status = EnterpriseStatuses.Active };

    public static EnterpriseStatus ToStatus(this EnterpriseState state)
    {
        var current = state.CurrentStatus();
        return new EnterpriseStatus(current.Status, state.StatusHistory.Count > 0 ? current.Since : null, current.Destination,
            state.StatusHistory.Select(s => new StatusChange(s.Status, s.Since, s.Destination, s.Reason)).ToArray(),
            state.MergedInto, state.MergedFrom.Count > 0 ? state.MergedFrom.ToArray() : null);
    }
}
