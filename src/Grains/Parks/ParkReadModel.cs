using CellValley.Grains.Events;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Parks;

/// <summary>Keeps cv_parks, cv_buildings, cv_units and cv_leases in step with a park grain.</summary>
internal static class ParkReadModel
{
    public static async Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string parkId, ParkState s, IReadOnlyList<PendingEvent> events)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_parks (park_id, name, zone, address, occupancy_target, operator, version, updated_at)
            VALUES (@parkId, @Name, @Zone, @Address, @OccupancyTarget, @Operator, @Version, @UpdatedAt)
            ON CONFLICT (park_id) DO UPDATE SET
                name = excluded.name, zone = excluded.zone, address = excluded.address,
                occupancy_target = excluded.occupancy_target, operator = excluded.operator,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE cv_parks.version < excluded.version
            """,
            new { parkId, s.Name, s.Zone, s.Address, s.OccupancyTarget, s.Operator, s.Version, s.UpdatedAt }, transaction);

        var subjects = events.Select(e => e.Subject ?? "").ToHashSet();
        var buildings = s.Buildings.Where(b => subjects.Contains("building:" + b.Id))
            .Select(b => new { parkId, b.Id, b.Name, b.Floors });
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_buildings (park_id, building_id, name, floors) VALUES (@parkId, @Id, @Name, @Floors)
            ON CONFLICT (park_id, building_id) DO UPDATE SET name = excluded.name, floors = excluded.floors
            """,
            buildings, transaction);

        var units = s.Units.Where(u => subjects.Contains("unit:" + u.Id)).Select(u => new
        {
            parkId, u.Id, u.BuildingId, u.Floor, u.AreaSqm, u.GmpGrade, u.LabDrains, u.Exhaust, u.ColdStorage, u.CleanRoom, u.AvailableSince,
        });
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_units (park_id, unit_id, building_id, floor, area_sqm, gmp_grade, lab_drains, exhaust, cold_storage, clean_room, available_since)
            VALUES (@parkId, @Id, @BuildingId, @Floor, @AreaSqm, @GmpGrade, @LabDrains, @Exhaust, @ColdStorage, @CleanRoom, @AvailableSince)
            ON CONFLICT (park_id, unit_id) DO UPDATE SET
                building_id = excluded.building_id, floor = excluded.floor, area_sqm = excluded.area_sqm,
                gmp_grade = excluded.gmp_grade, lab_drains = excluded.lab_drains, exhaust = excluded.exhaust,
                cold_storage = excluded.cold_storage, clean_room = excluded.clean_room, available_since = excluded.available_since
            """,
            units, transaction);

        var leases = s.Leases.Where(l => subjects.Contains("lease:" + l.Id)).Select(l => new
        {
            l.Id, parkId, l.UnitId, l.TenantCode, l.AreaSqm, l.Start, l.End, OriginalEnd = l.OriginalEnd ?? l.End, l.SignedOn, l.TerminatedOn, l.LeadId, l.TerminationReason, l.VoidedAt, l.VoidReason,
        });
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_leases (lease_id, park_id, unit_id, tenant_code, area_sqm, starts_on, ends_on, original_ends_on, signed_on, terminated_on,
                                   lead_id, termination_reason, voided_at, void_reason)
            VALUES (@Id, @parkId, @UnitId, @TenantCode, @AreaSqm, @Start, @End, @OriginalEnd, @SignedOn, @TerminatedOn, @LeadId, @TerminationReason,
                    @VoidedAt, @VoidReason)
            ON CONFLICT (lease_id) DO UPDATE SET tenant_code = excluded.tenant_code, ends_on = excluded.ends_on, terminated_on = excluded.terminated_on,
                termination_reason = excluded.termination_reason, voided_at = excluded.voided_at, void_reason = excluded.void_reason
            """,
            leases, transaction);
    }
}
