using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Platforms.Events;
using CellValley.Grains.Relations;
using Npgsql;

namespace CellValley.Grains.Platforms;

public sealed class PlatformGrain(
    [PersistentState(StateNames.Platform, StorageNames.Registry)] IPersistentState<PlatformState> state,
    EntityDirectory directory,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<PlatformState>(state, relay, clock, EntityType), IPlatformGrain
{
    public const string EntityType = "platform";

    protected override string EntityId => Id;

    private string Id => PlatformKey.IdOf(this.GetPrimaryKeyString());

    public async Task<Outcome<PlatformView>> CreateAsync(PlatformInfo info, string status, DateOnly since, Actor actor)
    {
        if (S.Exists)
        {
            return Outcome<PlatformView>.AlreadyExists(S.Version);
        }

        var errors = await ValidateAsync(info);
        PlatformRules.CheckStatus(errors, status, since, previous: null, Today);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        S.Exists = true;
        Set(info);
        S.Statuses.Add(new PlatformStatusState { Status = status, Since = since });
        await Outbox.RecordAsync(new PlatformCreated(Details(), status, since), actor);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<PlatformView>> WithdrawAsync(string reason, int expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        if (expectedVersion != S.Version)
        {
            return Outcome<PlatformView>.VersionMismatch(S.Version);
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        var view = View();
        S.Exists = false;
        await Outbox.RecordAsync(new Events.PlatformWithdrawn(view.Info.Name, reason.Trim()), actor);
        return Outcome<PlatformView>.Ok(view, S.Version);
    }

    public async Task<Outcome<PlatformView>> UpdateAsync(PlatformInfo info, int? expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<PlatformView>.VersionMismatch(S.Version);
        }

        var errors = await ValidateAsync(info);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        var before = Details();
        Set(info);
        await Outbox.RecordAsync(new PlatformUpdated(before, Details()), actor);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<PlatformView>> ReviseAsync(PlatformInfo? info, string? status, DateOnly? since, int? expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<PlatformView>.VersionMismatch(S.Version);
        }

        using var batch = Outbox.BeginBatch();
        var updated = info is null ? Outcome<PlatformView>.Ok(View(), S.Version) : await UpdateAsync(info, null, actor);
        var moved = updated.IsOk && status is not null ? await AdvanceStatusAsync(status, since ?? Today, actor) : updated;
        if (!moved.IsOk)
        {
            Outbox.AbandonBatch();
            return moved;
        }

        await Outbox.EndBatchAsync();
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<PlatformView>> AdvanceStatusAsync(string status, DateOnly since, Actor actor, string? reason = null)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        var errors = new FieldErrors();
        PlatformRules.CheckStatus(errors, status, since, S.Statuses[^1], Today, reason);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        var from = S.Statuses[^1].Status;
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        S.Statuses.Add(new PlatformStatusState { Status = status, Since = since, Reason = why });
        await Outbox.RecordAsync(new PlatformStatusChanged(from, status, since, why), actor);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public Task<PlatformView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    private async Task<FieldErrors> ValidateAsync(PlatformInfo info)
    {
        var errors = PlatformRules.Validate(info);
        if (info.ParkId is not null && !await directory.ExistsAsync(new EntityRef(EntityRef.Park, info.ParkId)))
        {
            errors.Add("parkId", Rule.NotRegistered(info.ParkId));
        }

        return errors;
    }

    private void Set(PlatformInfo info)
    {
        (S.Name, S.Kind, S.Operator, S.ParkId, S.Note) = (info.Name.Trim(), info.Kind, Blank(info.Operator), info.ParkId, Blank(info.Note));
        S.Services = info.Services.Select(s => s.Trim()).ToList();
    }

    private PlatformDetails Details() => new(S.Name, S.Kind, S.Operator, S.ParkId, S.Services.ToArray(), S.Note);

    private PlatformView View() =>
        new(Id, new PlatformInfo(S.Name, S.Kind, S.Operator, S.ParkId, S.Services.ToArray(), S.Note), S.Statuses[^1].Status,
            S.Statuses.Select(s => new PlatformStatusEntry(s.Status, s.Since, s.Reason)).ToArray(), S.Version);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlatformState current, IReadOnlyList<PendingEvent> events) =>
        PlatformReadModel.ProjectAsync(connection, transaction, Id, current);

}
