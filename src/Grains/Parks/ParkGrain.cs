using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Parks.Events;
using CellValley.Grains.Relations;
using Npgsql;

namespace CellValley.Grains.Parks;

/// <summary>
/// A park. Leases live here with the units they let, so the no-overlap rule is checked by the one
/// grain that owns the unit: two leases on one unit can never both be signed.
/// </summary>
public sealed partial class ParkGrain(
    [PersistentState(StateNames.Park, StorageNames.Registry)] IPersistentState<ParkState> state,
    EntityDirectory directory,
    OutboxRelay relay,
    TimeProvider clock) : RegistryGrain<ParkState>(state, relay, clock, EntityType), IParkGrain
{
    public const string EntityType = "park";

    protected override string EntityId => Id;

    protected override Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ParkState current, IReadOnlyList<PendingEvent> events) =>
        ParkReadModel.ProjectAsync(connection, transaction, Id, current, events);

    private string Id => ParkKey.IdOf(this.GetPrimaryKeyString());

    public async Task<Outcome<ParkView>> CreateAsync(ParkInfo info, Actor actor)
    {
        if (S.Exists)
        {
            return Outcome<ParkView>.AlreadyExists(S.Version);
        }

        var errors = ParkRules.Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<ParkView>.Invalid(errors, S.Version);
        }

        S.Exists = true;
        SetInfo(info);
        await Outbox.RecordAsync(new ParkCreated(Details()), actor);
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ParkView>> UpdateInfoAsync(ParkInfo info, int? expectedVersion, Actor actor)
    {
        if (Refuse<ParkView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = ParkRules.Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<ParkView>.Invalid(errors, S.Version);
        }

        var before = Details();
        SetInfo(info);
        await Outbox.RecordAsync(new ParkUpdated(before, Details()), actor);
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ParkView>> AddBuildingAsync(Building building, Actor actor)
    {
        if (Refuse<ParkView>(null) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        if (!ParkKey.IsValidId(building.Id))
        {
            errors.Add("id", Rule.Identifier());
        }
        else if (S.Buildings.Any(b => b.Id == building.Id))
        {
            errors.Add("id", Rule.BuildingExists(building.Id));
        }

        errors.Required("name", building.Name, 100);
        if (building.Floors is < 1 or > 200)
        {
            errors.Add("floors", Rule.Between(1, 200));
        }

        if (errors.Any)
        {
            return Outcome<ParkView>.Invalid(errors.ToList(), S.Version);
        }

        S.Buildings.Add(new BuildingState { Id = building.Id, Name = building.Name.Trim(), Floors = building.Floors });
        await Outbox.RecordAsync(new BuildingAdded(new BuildingDetails(building.Id, building.Name.Trim(), building.Floors)), actor);
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ParkView>> PutUnitAsync(Unit unit, int? expectedVersion, Actor actor)
    {
        if (Refuse<ParkView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        ParkRules.Validate(errors, unit, S.Buildings.Select(b => b.Id));
        var existing = S.Units.FirstOrDefault(u => u.Id == unit.Id);
        var largestLease = S.Leases.Where(l => l.Counts && l.UnitId == unit.Id).Select(l => l.AreaSqm).DefaultIfEmpty(0).Max();
        if (existing is not null && unit.AreaSqm < largestLease)
        {
            errors.Add("areaSqm", Rule.AreaCoversLeases(largestLease));
        }

        if (errors.Any)
        {
            return Outcome<ParkView>.Invalid(errors.ToList(), S.Version);
        }

        var before = existing is null ? null : ToUnit(existing);
        if (existing is null)
        {
            existing = new UnitState { Id = unit.Id };
            S.Units.Add(existing);
        }

        existing.BuildingId = unit.BuildingId;
        existing.Floor = unit.Floor;
        existing.AreaSqm = unit.AreaSqm;
        (existing.GmpGrade, existing.LabDrains, existing.Exhaust, existing.ColdStorage, existing.CleanRoom, existing.FitOutNotes) =
            (unit.FitOut.GmpGrade, unit.FitOut.LabDrains, unit.FitOut.Exhaust, unit.FitOut.ColdStorage, unit.FitOut.CleanRoom, unit.FitOut.Notes);
        existing.AvailableSince = unit.AvailableSince;
        var after = ToUnit(existing);
        await (before is null
            ? Outbox.RecordAsync(new UnitAdded(UnitDetailsOf(after)), actor)
            : Outbox.RecordAsync(new UnitChanged(UnitDetailsOf(before), UnitDetailsOf(after)), actor));
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<ParkView>> RecordMilestoneAsync(Milestone milestone, Actor actor)
    {
        if (Refuse<ParkView>(null) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        if (!ParkRules.MilestoneKinds.Contains(milestone.Kind))
        {
            errors.Add("kind", Rule.OneOf("topped-out (主体封顶), fit-out-complete (改造完成), operating (正式运营)"));
        }

        if (milestone.Planned is null && milestone.Actual is null)
        {
            errors.Add("planned", Rule.MilestoneDate());
        }

        if (milestone.Actual > Today)
        {
            errors.Add("actual", Rule.NotInFuture(Today));
        }

        if (errors.Any)
        {
            return Outcome<ParkView>.Invalid(errors.ToList(), S.Version);
        }

        var existing = S.Milestones.FirstOrDefault(m => m.Kind == milestone.Kind);
        var before = existing is null ? null : new MilestoneDetails(existing.Kind, existing.Planned, existing.Actual);
        if (existing is null)
        {
            existing = new MilestoneState { Kind = milestone.Kind };
            S.Milestones.Add(existing);
        }

        existing.Planned = milestone.Planned ?? existing.Planned;
        existing.Actual = milestone.Actual ?? existing.Actual;
        await Outbox.RecordAsync(new MilestoneRecorded(before, new MilestoneDetails(existing.Kind, existing.Planned, existing.Actual)), actor);
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    public Task<ParkView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    private Outcome<T>? Refuse<T>(int? expectedVersion)
    {
        if (!S.Exists)
        {
            return Outcome<T>.NotFound();
        }

        return expectedVersion is { } expected && expected != S.Version ? Outcome<T>.VersionMismatch(S.Version) : null;
    }

    private ParkDetails Details() => new(S.Name, S.Zone, S.Address, S.OccupancyTarget, S.Operator);

    private static UnitDetails UnitDetailsOf(Unit u) =>
        new(u.Id, u.BuildingId, u.Floor, u.AreaSqm,
            new FitOutDetails(u.FitOut.GmpGrade, u.FitOut.LabDrains, u.FitOut.Exhaust, u.FitOut.ColdStorage, u.FitOut.CleanRoom, u.FitOut.Notes), u.AvailableSince);

    private void SetInfo(ParkInfo info) =>
        (S.Name, S.Zone, S.Address, S.OccupancyTarget, S.Operator) = (info.Name.Trim(), info.Zone, Blank(info.Address), info.OccupancyTarget, Blank(info.Operator));

    private ParkInfo Info() => new(S.Name, S.Zone, S.Address, S.OccupancyTarget, S.Operator);

    private static Unit ToUnit(UnitState u) =>
        new(u.Id, u.BuildingId, u.Floor, u.AreaSqm, new FitOut(u.GmpGrade, u.LabDrains, u.Exhaust, u.ColdStorage, u.CleanRoom, u.FitOutNotes), u.AvailableSince);

    private LeaseView ToView(LeaseState l) =>
        new(l.Id, Id, l.UnitId, l.TenantCode, l.AreaSqm, l.Start, l.End, l.SignedOn, l.Counts ? ParkRules.StateOf(l.Start, l.End, Today) : "voided", l.TerminatedOn, l.Note, l.LeadId,
            l.OriginalEnd, l.TerminationReason, l.VoidReason, l.ReplacedBy);

    private ParkView View() => new(
        Id,
        Info(),
        S.Buildings.Select(b => new Building(b.Id, b.Name, b.Floors)).ToArray(),
        S.Units.Select(ToUnit).ToArray(),
        S.Milestones.Select(m => new Milestone(m.Kind, m.Planned, m.Actual)).ToArray(),
        S.Leases.Select(ToView).ToArray(),
        S.Version);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
