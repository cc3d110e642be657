using CellValley.Grains.Common;
using CellValley.Grains.Enterprises.Events;
using CellValley.Grains.Events;
using CellValley.Grains.Taxonomy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellValley.Grains.Enterprises;

/// <summary>
/// An enterprise. Each command validates, applies, appends its event to the outbox, writes the
/// state (one atomic row write), then moves the outbox into the event log and read table.
/// </summary>
public sealed partial class EnterpriseGrain(
    [PersistentState(StateNames.Enterprise, StorageNames.Registry)] IPersistentState<EnterpriseState> state,
    ClusterTaxonomy taxonomy,
    Funding.GrantPolicies policies,
    Tiers.TierCriteria tierCriteria,
    OutboxRelay relay,
    NpgsqlDataSource dataSource,
    ILogger<EnterpriseGrain> logger,
    TimeProvider clock) : RegistryGrain<EnterpriseState>(state, relay, clock, EntityType), IEnterpriseGrain
{
    public const string EntityType = "enterprise";

    protected override string EntityId => S.CreditCode;

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EnterpriseState current, IReadOnlyList<PendingEvent> events) =>
        EnterpriseReadModel.ProjectAsync(connection, transaction, current, events, taxonomy);

    protected override Action<SqlBatch, EnterpriseState, IReadOnlyList<PendingEvent>> BatchProjection =>
        (batch, current, events) => EnterpriseReadModel.ProjectInto(batch, current, events, taxonomy);

    private string Code => EnterpriseKey.CodeOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (S.Merge is not null)
        {
            await ResumeMergeAsync();
        }
    }

    public async Task<Outcome<EnterpriseView>> RegisterAsync(EnterpriseProfile profile, Actor actor, string? leadId = null)
    {
        if (S.Registered)
        {
            return Outcome<EnterpriseView>.AlreadyExists(S.Version);
        }

        profile = EnterpriseRules.Normalize(profile);
        var errors = EnterpriseRules.Validate(profile, taxonomy, Today);
        if (errors.Count > 0)
        {
            return Outcome<EnterpriseView>.Invalid(errors, S.Version);
        }

        var now = Clock.GetUtcNow();
        var empty = new EnterpriseProfile("", null, [], null, null, null, null, null, null, []);
        S.Registered = true;
        S.CreditCode = Code;
        S.RegisteredAt = now;
        S.LeadId = leadId;
        S.SetProfile(profile);
        await Outbox.RecordAsync(new EnterpriseRegistered(Code, ProfileDiff(empty, profile), leadId), actor, now);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    public Task<EnterpriseView?> GetAsync() => Task.FromResult(S.Registered ? S.ToView() : null);

    public async Task<Outcome<EnterpriseView>> UpdateProfileAsync(ProfileChanges changes, int? expectedVersion, Actor actor)
    {
        if (Refuse<EnterpriseView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var (before, after, errors) = ProfileAfter(changes);
        if (errors.Count > 0)
        {
            return Outcome<EnterpriseView>.Invalid(errors, S.Version);
        }

        var diff = ProfileDiff(before, after);
        if (diff.Count == 0)
        {
            return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
        }

        S.SetProfile(after);
        await Outbox.RecordAsync(new ProfileUpdated(diff), actor);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    public async Task<Outcome<EnterpriseView>> RecognizeTierAsync(RecognizeTier recognition, int? expectedVersion, Actor actor)
    {
        if (Refuse<EnterpriseView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = EnterpriseRules.Validate(recognition, taxonomy, Today);
        if (errors.Count > 0)
        {
            return Outcome<EnterpriseView>.Invalid(errors, S.Version);
        }

        var tier = taxonomy.FindTier(recognition.Tier)!;
        // Judged as of the recognition's date: back-filling a 2021 recognition asks what held in 2021.
        var verdict = tier.Rank > 0 ? await EvaluateAsync(tier.Code, recognition.RecognizedOn) : null;
        if (verdict?.Status == Tiers.ClauseStatus.NotMet && string.IsNullOrWhiteSpace(recognition.Reason))
        {
            var unmet = verdict.Clauses.Where(c => c.Status == Tiers.ClauseStatus.NotMet).Select(c => c.Id);
            return Outcome<EnterpriseView>.Invalid(
                [FieldError.Of("reason", Rule.AgainstVerdict(tier.Code, string.Join(", ", unmet), verdict.RuleSet))],
                S.Version);
        }

        var now = Clock.GetUtcNow();
        var validUntil = recognition.ValidUntil
            ?? (tier.ValidityYears is { } years ? recognition.RecognizedOn.AddYears(years) : null);
        var tierBefore = S.CurrentTier();
        var entry = new RecognitionState
        {
            Tier = tier.Code,
            RecognizedOn = recognition.RecognizedOn,
            Batch = string.IsNullOrWhiteSpace(recognition.Batch) ? null : recognition.Batch.Trim(),
            Source = recognition.Source.Trim(),
            Reason = string.IsNullOrWhiteSpace(recognition.Reason) ? null : recognition.Reason.Trim(),
            ValidUntil = validUntil,
            RecordedBy = actor.Name,
            RecordedAt = now,
            EngineVerdict = verdict?.Status,
        };
        S.TierHistory.Add(entry);
        var details = new RecognitionDetails(
            entry.Tier, entry.RecognizedOn, entry.Batch, entry.Source, entry.Reason, entry.ValidUntil, entry.EngineVerdict, verdict?.RuleSet);
        await Outbox.RecordAsync(new TierRecognized(tierBefore, S.CurrentTier(), details), actor, now);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    private static List<FieldChange> ProfileDiff(EnterpriseProfile before, EnterpriseProfile after)
    {
        var changes = new List<FieldChange>();
        Compare("name", before.Name, after.Name);
        Compare("nameEn", before.NameEn, after.NameEn);
        if (!before.Segments.SequenceEqual(after.Segments))
        {
            changes.Add(FieldChange.Of("segments", before.Segments, after.Segments));
        }

        Compare("foundedOn", before.FoundedOn, after.FoundedOn);
        Compare("district", before.District, after.District);
        Compare("headcount", before.Headcount, after.Headcount);
        Compare("revenueYuan", before.RevenueYuan, after.RevenueYuan);
        Compare("rdSpendYuan", before.RdSpendYuan, after.RdSpendYuan);
        Compare("financialYear", before.FinancialYear, after.FinancialYear);
        if (!before.Contacts.SequenceEqual(after.Contacts))
        {
            changes.Add(FieldChange.Of("contacts", before.Contacts, after.Contacts));
        }

        Compare("qualifications", before.Qualifications, after.Qualifications);

        return changes;

        void Compare<T>(string field, T from, T to)
        {
            if (!EqualityComparer<T>.Default.Equals(from, to))
            {
                changes.Add(FieldChange.Of(field, from, to));
            }
        }
    }
}
