using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Institutions.Events;
using Npgsql;

namespace CellValley.Grains.Institutions;

public sealed class InstitutionGrain(
    [PersistentState(StateNames.Institution, StorageNames.Registry)] IPersistentState<InstitutionState> state,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<InstitutionState>(state, relay, clock, EntityType), IInstitutionGrain
{
    public const string EntityType = "institution";

    protected override string EntityId => Id;

    private string Id => InstitutionKey.IdOf(this.GetPrimaryKeyString());

    public async Task<Outcome<InstitutionView>> RegisterAsync(InstitutionInfo info, Actor actor)
    {
        if (S.Registered)
        {
            return Outcome<InstitutionView>.AlreadyExists(S.Version);
        }

        var errors = InstitutionRules.Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<InstitutionView>.Invalid(errors, S.Version);
        }

        S.Registered = true;
        Set(info);
        await Outbox.RecordAsync(new InstitutionRegistered(Details()), actor);
        return Outcome<InstitutionView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<InstitutionView>> UpdateAsync(InstitutionInfo info, int? expectedVersion, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<InstitutionView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<InstitutionView>.VersionMismatch(S.Version);
        }

        var errors = InstitutionRules.Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<InstitutionView>.Invalid(errors, S.Version);
        }

        var before = Details();
        Set(info);
        await Outbox.RecordAsync(new InstitutionUpdated(before, Details()), actor);
        return Outcome<InstitutionView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<InstitutionView>> WithdrawAsync(string reason, int expectedVersion, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<InstitutionView>.NotFound();
        }

        if (expectedVersion != S.Version)
        {
            return Outcome<InstitutionView>.VersionMismatch(S.Version);
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<InstitutionView>.Invalid(errors.ToList(), S.Version);
        }

        var view = View();
        S.Registered = false;
        await Outbox.RecordAsync(new Events.InstitutionWithdrawn(view.Info.Name, reason.Trim()), actor);
        return Outcome<InstitutionView>.Ok(view, S.Version);
    }

    public Task<InstitutionView?> GetAsync() => Task.FromResult(S.Registered ? View() : null);

    private void Set(InstitutionInfo info) =>
        (S.Name, S.Kind, S.City, S.Note) = (info.Name.Trim(), info.Kind, Blank(info.City), Blank(info.Note));

    private InstitutionDetails Details() => new(S.Name, S.Kind, S.City, S.Note);

    private InstitutionView View() => new(Id, new InstitutionInfo(S.Name, S.Kind, S.City, S.Note), S.Version, S.UpdatedAt);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, InstitutionState current, IReadOnlyList<PendingEvent> events) =>
        InstitutionReadModel.ProjectAsync(connection, transaction, Id, current);

}
