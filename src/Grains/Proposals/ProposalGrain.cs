using System.Text.Json;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;
using CellValley.Grains.Proposals.Events;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Proposals;

/// <summary>
/// An enterprise's proposed change (to its profile or one of its records) and its review. A review is written in two steps that survive a stop between them:
/// the decisions are stored first (applying), then the accepted fields are applied to the enterprise — which records the
/// proposal it applied, so applying again changes nothing — and the outcome recorded.
/// </summary>
public sealed class ProposalGrain(
    [PersistentState(StateNames.Proposal, StorageNames.Registry)] IPersistentState<ProposalState> state,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<ProposalState>(state, relay, clock, EntityType), IProposalGrain
{
    public const string EntityType = "proposal";

    private string Id => ProposalKey.IdOf(this.GetPrimaryKeyString());

    protected override string EntityId => Id;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (S.Applying)
        {
            await CompleteAsync(new Actor(S.ReviewedBy ?? "", S.ReviewerRole ?? ""));
        }
    }

    public Task<Outcome<ProposalView>> SubmitAsync(
        string creditCode, ProfileChanges changes, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor) =>
        SubmitAsync(creditCode, ProposalKinds.Profile, changes, null, fields, baseVersion, comment, actor);

    public Task<Outcome<ProposalView>> SubmitRecordAsync(
        string creditCode, ProposedRecord record, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor) =>
        SubmitAsync(creditCode, record.Kind, new ProfileChanges(), record, fields, baseVersion, comment, actor);

    private async Task<Outcome<ProposalView>> SubmitAsync(
        string creditCode, string kind, ProfileChanges changes, ProposedRecord? record, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor)
    {
        if (S.Submitted)
        {
            return Outcome<ProposalView>.AlreadyExists(S.Version);
        }

        var errors = new FieldErrors();
        errors.MaxLength("comment", comment, 1000);
        if (errors.Any)
        {
            return Outcome<ProposalView>.Invalid(errors.ToList(), S.Version);
        }

        S.Submitted = true;
        S.CreditCode = creditCode;
        S.Kind = kind;
        S.Changes = changes;
        S.Record = record;
        S.Fields = fields.ToList();
        S.BaseVersion = baseVersion;
        S.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        S.ProposedBy = actor.Name;
        S.ProposedAt = Clock.GetUtcNow();
        S.State = ProposalStates.Pending;
        await Outbox.RecordAsync(new ProposalSubmitted(creditCode, fields.Select(Change).ToArray(), S.Comment), actor);
        return Outcome<ProposalView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ProposalView>> ReviewAsync(IReadOnlyDictionary<string, string> decisions, string? comment, Actor actor)
    {
        if (!S.Submitted)
        {
            return Outcome<ProposalView>.NotFound();
        }

        if (S.State != ProposalStates.Pending)
        {
            return Outcome<ProposalView>.Conflicting([FieldError.Of("state", Rule.ProposalClosed(S.State))], S.Version);
        }

        var errors = new FieldErrors();
        foreach (var field in S.Fields.Select(f => f.Field))
        {
            if (!decisions.TryGetValue(field, out var decision) || decision is not (ProposalStates.Accept or ProposalStates.Reject))
            {
                errors.Add($"decisions.{field}", Rule.OneOf($"{ProposalStates.Accept}, {ProposalStates.Reject}"));
            }
        }

        foreach (var field in decisions.Keys.Where(k => S.Fields.All(f => f.Field != k)))
        {
            errors.Add($"decisions.{field}", Rule.NotProposed());
        }

        // A year's revenue and R&D are dated by the financial year proposed with them: decided apart, a figure would carry another year.
        string[] yearly = ["financialYear", "revenueYuan", "rdSpendYuan"];
        var dated = S.Fields.Select(f => f.Field).Where(yearly.Contains).ToArray();
        if (!errors.Any && dated.Contains("financialYear") && dated.Length > 1 && dated.Select(f => decisions[f]).Distinct().Count() > 1)
        {
            errors.Add("decisions.financialYear", Rule.DecidedWithYear());
        }

        errors.MaxLength("comment", comment, 1000);
        if (errors.Any)
        {
            return Outcome<ProposalView>.Invalid(errors.ToList(), S.Version);
        }

        var accepted = S.Fields.Where(f => decisions[f.Field] == ProposalStates.Accept).Select(f => f.Field).ToHashSet();
        if (accepted.Count > 0 && !await HoldsAsync(accepted))
        {
            await LapseAsync(actor);
            return Outcome<ProposalView>.Conflicting([FieldError.Of("state", Rule.ProposalLapsed())], S.Version);
        }

        S.Decisions = new Dictionary<string, string>(decisions);
        S.ReviewedBy = actor.Name;
        S.ReviewerRole = actor.Role;
        S.ReviewedAt = Clock.GetUtcNow();
        S.ReviewComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        S.Applying = true;
        await Outbox.WriteStateAsync();
        return await CompleteAsync(actor);
    }

    /// <summary>Applies the accepted fields (again, harmlessly, after a stop) and records the review.</summary>
    private async Task<Outcome<ProposalView>> CompleteAsync(Actor reviewer)
    {
        var accepted = S.Fields.Where(f => S.Decisions.GetValueOrDefault(f.Field) == ProposalStates.Accept).Select(f => f.Field).ToHashSet();
        if (accepted.Count > 0)
        {
            var enterprise = GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(S.CreditCode));
            var from = S.Fields.Where(f => accepted.Contains(f.Field)).ToArray();
            var applied = S.Record is { } record
                ? await enterprise.ApplyRecordProposalAsync(record.Only(accepted), S.BaseVersion, Id, S.ProposedBy, reviewer)
                : (await enterprise.ApplyProposalAsync(ProposalStates.Only(S.Changes, accepted), from, Id, S.ProposedBy, reviewer)).As<string>();
            // The record's fields no longer hold what was proposed from, or the product is gone: nothing applied, the proposal lapses.
            if (applied.Kind is OutcomeKind.VersionMismatch or OutcomeKind.NotFound)
            {
                S.Applying = false;
                await LapseAsync(reviewer);
                return Outcome<ProposalView>.Conflicting([FieldError.Of("state", Rule.ProposalLapsed())], S.Version);
            }

            if (applied.Kind != OutcomeKind.Ok)
            {
                // The profile's rules refuse it now (a rule changed since): nothing applied, the review is not recorded.
                S.Applying = false;
                S.Decisions = [];
                await Outbox.WriteStateAsync();
                return Outcome<ProposalView>.Invalid(applied.Errors, S.Version);
            }
        }

        S.Applying = false;
        S.State = accepted.Count == S.Fields.Count ? ProposalStates.Accepted : accepted.Count == 0 ? ProposalStates.Rejected : ProposalStates.PartlyAccepted;
        await Outbox.RecordAsync(new ProposalReviewed(S.State, S.Decisions, S.ReviewComment), reviewer);
        return Outcome<ProposalView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ProposalView>> WithdrawAsync(Actor actor)
    {
        if (!S.Submitted)
        {
            return Outcome<ProposalView>.NotFound();
        }

        if (S.State != ProposalStates.Pending)
        {
            return Outcome<ProposalView>.Conflicting([FieldError.Of("state", Rule.ProposalClosed(S.State))], S.Version);
        }

        S.State = ProposalStates.Withdrawn;
        await Outbox.RecordAsync(new ProposalClosed(ProposalStates.Withdrawn), actor);
        return Outcome<ProposalView>.Ok(View(), S.Version);
    }

    public Task<ProposalView?> GetAsync() => Task.FromResult(S.Submitted ? View() : null);

    public async Task<bool> IsStaleAsync() =>
        S.Submitted && S.State == ProposalStates.Pending && !await HoldsAsync(S.Fields.Select(f => f.Field).ToHashSet());

    /// <summary>
    /// Whether the given fields still hold what they were proposed against: a profile's fields their values (a change elsewhere
    /// does not matter), a product's change the product's version; new products and rounds always. A change the record's rules
    /// now refuse is not called lapsed here: applying it answers with the rule.
    /// </summary>
    private async Task<bool> HoldsAsync(IReadOnlySet<string> fields)
    {
        var enterprise = GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(S.CreditCode));
        if (S.Record is { } record)
        {
            return record.ProductId is not { } productId
                || (await enterprise.GetProductsAsync())?.FirstOrDefault(p => p.Id == productId)?.Version == S.BaseVersion;
        }

        var preview = await enterprise.PreviewProfileAsync(ProposalStates.Only(S.Changes, fields));
        if (!preview.Registered || preview.Errors.Count > 0)
        {
            return preview.Registered;
        }

        return ProposedField.StillFrom(preview.Fields, S.Fields.Where(f => fields.Contains(f.Field)));
    }

    private async Task LapseAsync(Actor actor)
    {
        S.State = ProposalStates.Lapsed;
        await Outbox.RecordAsync(new ProposalClosed(ProposalStates.Lapsed), actor);
    }

    private static FieldChange Change(ProposedField f) => new()
    {
        Field = f.Field,
        From = f.From is null ? null : JsonDocument.Parse(f.From).RootElement.Clone(),
        To = f.To is null ? null : JsonDocument.Parse(f.To).RootElement.Clone(),
    };

    private ProposalView View() => new(Id, S.CreditCode, S.State, S.Fields, S.Decisions, S.Comment, S.ProposedBy, S.ProposedAt, S.BaseVersion,
        S.ReviewedBy, S.ReviewedAt, S.ReviewComment, S.Version, S.Kind, S.Record?.ProductId);

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ProposalState current, IReadOnlyList<PendingEvent> events) =>
        connection.ExecuteAsync(
            """
            INSERT INTO cv_proposals (proposal_id, credit_code, state, fields, comment, proposed_by, proposed_at, base_version,
                reviewed_by, reviewed_at, review_comment, version, kind, product_id)
            VALUES (@Id, @CreditCode, @State, @Fields::jsonb, @Comment, @ProposedBy, @ProposedAt, @BaseVersion, @ReviewedBy, @ReviewedAt, @ReviewComment, @Version,
                @Kind, @ProductId)
            ON CONFLICT (proposal_id) DO UPDATE SET
                state = excluded.state, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at,
                review_comment = excluded.review_comment, version = excluded.version
            WHERE cv_proposals.version < excluded.version
            """,
            new
            {
                Id, current.CreditCode, current.State, Fields = JsonSerializer.Serialize(current.Fields.Select(f => f.Field)), current.Comment,
                current.ProposedBy, current.ProposedAt, current.BaseVersion, current.ReviewedBy, current.ReviewedAt, current.ReviewComment, current.Version,
                current.Kind, current.Record?.ProductId,
            },
            transaction);
}
