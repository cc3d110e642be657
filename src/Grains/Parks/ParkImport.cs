using CellValley.Grains.Common;

namespace CellValley.Grains.Parks;

/// <summary>Buildings, units and leases to add to a park in one write (bulk loading).</summary>
[GenerateSerializer, Immutable, Alias("cv.ParkImport")]
public sealed record ParkImport(
    [property: Id(0)] IReadOnlyList<Building> Buildings,
    [property: Id(1)] IReadOnlyList<Unit> Units,
    [property: Id(2)] IReadOnlyList<NewLease> Leases);

/// <summary>Bulk import: the same commands, checked by the same rules, written once.</summary>
public sealed partial class ParkGrain
{
    public async Task<Outcome<ParkView>> ImportAsync(ParkImport import, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<ParkView>.NotFound();
        }

        using var batch = Outbox.BeginBatch();
        foreach (var building in import.Buildings)
        {
            var added = await AddBuildingAsync(building, actor);
            if (!added.IsOk)
            {
                return Abandon(added.Errors, "buildings");
            }
        }

        foreach (var unit in import.Units)
        {
            var put = await PutUnitAsync(unit, null, actor);
            if (!put.IsOk)
            {
                return Abandon(put.Errors, "units");
            }
        }

        foreach (var lease in import.Leases)
        {
            var signed = await SignLeaseAsync(lease, actor);
            if (!signed.IsOk)
            {
                return Abandon(signed.Errors, "leases");
            }
        }

        await Outbox.EndBatchAsync();
        return Outcome<ParkView>.Ok(View(), S.Version);
    }

    private Outcome<ParkView> Abandon(IReadOnlyList<FieldError> errors, string part)
    {
        Outbox.AbandonBatch();
        return Outcome<ParkView>.Invalid(errors.Select(e => e.Under(part)).ToArray(), 0);
    }
}
