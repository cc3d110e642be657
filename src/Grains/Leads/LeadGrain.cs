using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Leads.Events;
using CellValley.Grains.Taxonomy;
using Npgsql;

namespace CellValley.Grains.Leads;

/// <summary>
/// An investment-promotion lead. Its stage (线索 → … → 落地) and its status (active, delayed,
/// dormant, lost, won) are kept apart: a lead can be dormant in negotiation, or lost after a visit.
/// </summary>
public sealed partial class LeadGrain(
    [PersistentState(StateNames.Lead, StorageNames.Registry)] IPersistentState<LeadState> state,
    ClusterTaxonomy taxonomy,
    LeadCatalogue catalogue,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<LeadState>(state, relay, clock, EntityType), ILeadGrain
{
    public const string EntityType = "lead";

    protected override string EntityId => Id;

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LeadState current, IReadOnlyList<PendingEvent> events) =>
        LeadReadModel.ProjectAsync(connection, transaction, Id, current, catalogue);
    private static readonly string[] Closed = ["lost", "won"];

    private string Id => LeadKey.IdOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (S.Landing is not null)
        {
            await RecoverLandingAsync();
        }
    }

    public async Task<Outcome<LeadView>> CreateAsync(LeadInfo info, string ownerId, string ownerName, DateOnly? openedOn, Actor actor)
    {
        if (S.Exists)
        {
            return Outcome<LeadView>.AlreadyExists(S.Version);
        }

        var errors = LeadRules.Validate(info, taxonomy, catalogue, Today).ToList();
        if (openedOn > Today)
        {
            errors.Add(FieldError.Of("openedOn", Rule.NotInFuture(Today)));
        }

        if (errors.Count > 0)
        {
            return Outcome<LeadView>.Invalid(errors, S.Version);
        }

        S.Exists = true;
        S.Info = LeadInfoState.From(Normalize(info));
        (S.OwnerId, S.OwnerName) = (ownerId, ownerName);
        S.Stages.Add(new LeadStageState { Stage = "lead", Since = openedOn ?? Today, By = actor.Name });
        S.StatusHistory.Add(new LeadStatusState { Status = "active", Since = openedOn ?? Today });
        S.CreatedAt = Clock.GetUtcNow();
        await Outbox.RecordAsync(new LeadCreated(LeadDetails.Of(Info), ownerName), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> OpenAtStageAsync(LeadInfo info, string ownerId, string ownerName, DateOnly? openedOn, string stage, DateOnly? stageSince, Actor actor)
    {
        if (S.Exists)
        {
            return Outcome<LeadView>.AlreadyExists(S.Version);
        }

        using var batch = Outbox.BeginBatch();
        var opened = await CreateAsync(info, ownerId, ownerName, openedOn, actor);
        var moved = opened.IsOk && stage != "lead" ? await MoveStageAsync(stage, stageSince ?? openedOn ?? Today, null, null, actor) : opened;
        if (!moved.IsOk)
        {
            Outbox.AbandonBatch();
            return moved;
        }

        await Outbox.EndBatchAsync();
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> ReviseAsync(LeadInfo info, string? stage, DateOnly? stageSince, int? expectedVersion, Actor actor)
    {
        if (Refuse(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        using var batch = Outbox.BeginBatch();
        var updated = await UpdateAsync(info, null, actor);
        var moved = updated.IsOk && stage is not null && stage != S.Stages[^1].Stage ? await MoveStageAsync(stage, stageSince ?? Today, null, null, actor) : updated;
        if (!moved.IsOk)
        {
            Outbox.AbandonBatch();
            return moved;
        }

        await Outbox.EndBatchAsync();
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> WithdrawAsync(string reason, int expectedVersion, Actor actor)
    {
        if (Refuse(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (S.LandedCode is not null)
        {
            errors.Add("id", Rule.LeadClosed(S.Status));
        }

        if (errors.Any)
        {
            return Outcome<LeadView>.Invalid(errors.ToList(), S.Version);
        }

        var view = View();
        S.Exists = false;
        await Outbox.RecordAsync(new Events.LeadWithdrawn(view.Info.Company, reason.Trim()), actor);
        return Outcome<LeadView>.Ok(view with { Version = S.Version }, S.Version);
    }

    public async Task<Outcome<LeadView>> UpdateAsync(LeadInfo info, int? expectedVersion, Actor actor)
    {
        if (Refuse(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = LeadRules.Validate(info, taxonomy, catalogue, Today);
        if (errors.Count > 0)
        {
            return Outcome<LeadView>.Invalid(errors, S.Version);
        }

        var before = Info;
        var after = Normalize(info);
        if (before == after)
        {
            return Outcome<LeadView>.Ok(View(), S.Version);
        }

        S.Info = LeadInfoState.From(after);
        await Outbox.RecordAsync(new LeadUpdated(LeadDetails.Of(before), LeadDetails.Of(after)), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    /// <summary>The credit code the lead names was a duplicate record merged into another: name the survivor (a second call changes nothing).</summary>
    public async Task RecodeAsync(string duplicate, string survivor, Actor actor)
    {
        var company = S.Info?.CreditCode == duplicate;
        var landed = S.LandedCode == duplicate;
        if (!S.Exists || (!company && !landed))
        {
            return;
        }

        if (company)
        {
            S.Info!.CreditCode = survivor;
        }

        if (landed)
        {
            S.LandedCode = survivor;
        }

        await Outbox.RecordAsync(new LeadRecoded(duplicate, survivor, company, landed), actor);
    }

    public async Task<Outcome<LeadView>> AssignAsync(string ownerId, string ownerName, Actor actor)
    {
        if (Refuse(null) is { } refusal)
        {
            return refusal;
        }

        var before = S.OwnerName;
        (S.OwnerId, S.OwnerName) = (ownerId, ownerName);
        await Outbox.RecordAsync(new LeadAssigned(before, ownerName), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> MoveStageAsync(string stage, DateOnly since, string? reason, int? expectedVersion, Actor actor)
    {
        if (Refuse(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        var target = catalogue.FindStage(stage);
        var current = catalogue.FindStage(S.Stages[^1].Stage)!;
        if (target is null)
        {
            errors.Add("stage", Rule.OneOf(string.Join(", ", catalogue.Stages.Select(s => $"{s.Code} ({s.Name})"))));
        }
        else if (target.Code == "landed")
        {
            errors.Add("stage", Rule.LandThroughLanding());
        }
        else if (target.Rank == current.Rank)
        {
            errors.Add("stage", Rule.AlreadyInStage(current.Code));
        }
        else if (target.Rank < current.Rank && string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", Rule.ReasonToMoveBack(current.Code, target.Code));
        }

        if (Closed.Contains(S.Status))
        {
            errors.Add("stage", Rule.LeadClosed(S.Status));
        }

        if (since > Today)
        {
            errors.Add("since", Rule.NotInFuture(Today));
        }
        else if (target is not null && target.Rank > current.Rank && since < S.Stages[^1].Since)
        {
            errors.Add("since", Rule.NotBeforeEntered(S.Stages[^1].Since, current.Code));
        }

        errors.MaxLength("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<LeadView>.Invalid(errors.ToList(), S.Version);
        }

        S.Stages.Add(new LeadStageState { Stage = target!.Code, Since = since, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), By = actor.Name });
        await Outbox.RecordAsync(new LeadStageChanged(current.Code, target.Code, since), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> SetStatusAsync(string status, string? reason, string? lostTo, Actor actor)
    {
        if (Refuse(null) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        if (!catalogue.Statuses.Contains(status))
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", catalogue.Statuses)));
        }
        else if (status == "won")
        {
            errors.Add("status", Rule.WonByLanding());
        }
        else if (S.Status == "won")
        {
            errors.Add("status", Rule.StaysWon());
        }
        else if (status == S.Status)
        {
            errors.Add("status", Rule.AlreadyStatus(status));
        }

        if (status == "lost")
        {
            errors.Required("reason", reason, 500);
            errors.Required("lostTo", lostTo, 100);
        }
        else if (lostTo is not null)
        {
            errors.Add("lostTo", Rule.OnlyWhen("status = lost"));
        }

        if (S.Status == "lost" && status != "lost")
        {
            errors.Required("reason", reason, 500);
        }

        errors.MaxLength("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<LeadView>.Invalid(errors.ToList(), S.Version);
        }

        var before = S.Status;
        (S.Status, S.StatusReason, S.LostTo) = (status, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), status == "lost" ? lostTo!.Trim() : null);
        S.StatusHistory.Add(new LeadStatusState { Status = status, Since = Today, Reason = S.StatusReason });
        await Outbox.RecordAsync(new LeadStatusChanged(before, status, S.StatusReason, S.LostTo), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<LeadView>> LogActivityAsync(LeadActivity activity, DateOnly? nextFollowUp, Actor actor)
    {
        if (Refuse(null) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        if (!catalogue.ActivityTypes.Contains(activity.Type))
        {
            errors.Add("type", Rule.OneOf(string.Join(", ", catalogue.ActivityTypes)));
        }

        if (activity.Date > Today)
        {
            errors.Add("date", Rule.NotInFuture(Today));
        }

        errors.Required("note", activity.Note, 2000);
        if (S.Activities.Count >= 5000)
        {
            errors.Add("note", Rule.ActivityLogFull(5000));
        }

        if (errors.Any)
        {
            return Outcome<LeadView>.Invalid(errors.ToList(), S.Version);
        }

        var entry = activity with { Note = activity.Note.Trim(), RecordedBy = actor.Name };
        S.Activities.Add(new LeadActivityState { Date = entry.Date, Type = entry.Type, Note = entry.Note, RecordedBy = entry.RecordedBy });
        var followUpBefore = S.Info!.NextFollowUp;
        S.Info.NextFollowUp = nextFollowUp ?? followUpBefore;
        await Outbox.RecordAsync(new LeadActivityLogged(entry.Date, entry.Type, entry.Note, entry.RecordedBy, followUpBefore, S.Info.NextFollowUp), actor);
        return Outcome<LeadView>.Ok(View(), S.Version);
    }

    public Task<LeadView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    private Outcome<LeadView>? Refuse(int? expectedVersion)
    {
        if (!S.Exists)
        {
            return Outcome<LeadView>.NotFound();
        }

        return expectedVersion is { } expected && expected != S.Version ? Outcome<LeadView>.VersionMismatch(S.Version) : null;
    }

    private static LeadInfo Normalize(LeadInfo info) => info with
    {
        Company = info.Company.Trim(),
        CreditCode = info.CreditCode is null ? null : CreditCode.Normalize(info.CreditCode),
        Note = string.IsNullOrWhiteSpace(info.Note) ? null : info.Note.Trim(),
    };

    private LeadInfo Info => S.Info!.ToContract();

    private LeadView View() => new(Id, Info, S.OwnerId, S.OwnerName, S.Stages[^1].Stage,
        S.Stages.Select(s => new LeadStageEntry(s.Stage, s.Since, s.Reason, s.By)).ToArray(), S.Status, S.StatusReason, S.LostTo,
        S.Activities.Select(a => new LeadActivity(a.Date, a.Type, a.Note, a.RecordedBy)).ToArray(),
        S.LandedCode, S.LandedLeaseId, S.Version, S.CreatedAt, S.UpdatedAt);
}
