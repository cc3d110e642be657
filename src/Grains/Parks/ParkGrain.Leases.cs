using System.Security.Cryptography;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Parks.Events;
using CellValley.Grains.Relations;

namespace CellValley.Grains.Parks;

/// <summary>Leases and holds: the tenancy side of a park.</summary>
public sealed partial class ParkGrain
{
    public async Task<Outcome<LeaseView>> SignLeaseAsync(NewLease lease, Actor actor)
    {
        if (Refuse<LeaseView>(null) is { } refusal)
        {
            return refusal;
        }

        if (await CheckAsync(lease, holdId: null, tenantMustExist: true) is { } problem)
        {
            return problem;
        }

        var entry = AddLease(lease, leadId: null);
        await Outbox.RecordAsync(new LeaseSigned(LeaseDetailsOf(entry)), actor);
        return Outcome<LeaseView>.Ok(ToView(entry), S.Version);
    }

    public async Task<Outcome<LeaseView>> TerminateLeaseAsync(string leaseId, DateOnly endOn, string reason, Actor actor)
    {
        if (Refuse<LeaseView>(null) is { } refusal)
        {
            return refusal;
        }

        var lease = S.Leases.FirstOrDefault(l => l.Id == leaseId);
        if (lease is null)
        {
            return Outcome<LeaseView>.NotFound();
        }

        var errors = new FieldErrors();
        if (lease.VoidedAt is { } voided)
        {
            errors.Add("leaseId", Rule.AlreadyVoided(voided));
        }
        else if (endOn < lease.Start || endOn >= lease.End)
        {
            errors.Add("endOn", Rule.EarlyEnd(lease.Start, lease.End));
        }

        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<LeaseView>.Invalid(errors.ToList(), S.Version);
        }

        var before = lease.End;
        lease.OriginalEnd ??= lease.End;
        lease.End = endOn;
        lease.TerminatedOn = Today;
        lease.TerminationReason = reason.Trim();
        await Outbox.RecordAsync(new LeaseTerminated(lease.Id, before, endOn, reason.Trim()), actor);
        return Outcome<LeaseView>.Ok(ToView(lease), S.Version);
    }

    public async Task<Outcome<LeaseView>> HoldAsync(string holdId, NewLease lease, TimeSpan holdFor, Actor actor)
    {
        if (Refuse<LeaseView>(null) is { } refusal)
        {
            return refusal;
        }

        if (S.Holds.FirstOrDefault(h => h.HoldId == holdId) is { } existing)
        {
            return Outcome<LeaseView>.Ok(HoldView(existing), S.Version);
        }

        // The tenant is registered by the same landing right after the hold, so it need not exist yet.
        if (await CheckAsync(lease, holdId, tenantMustExist: false) is { } problem)
        {
            return problem;
        }

        var hold = new HoldState
        {
            HoldId = holdId,
            UnitId = lease.UnitId,
            TenantCode = lease.TenantCode,
            AreaSqm = lease.AreaSqm,
            Start = lease.Start,
            End = lease.End,
            SignedOn = lease.SignedOn,
            Note = lease.Note,
            ExpiresAt = Clock.GetUtcNow() + holdFor,
        };
        S.Holds.Add(hold);
        await Outbox.RecordAsync(new UnitHeld(new HoldDetails(hold.HoldId, hold.UnitId, CreditCode.Normalize(hold.TenantCode), hold.AreaSqm, hold.Start, hold.End, hold.ExpiresAt)), actor);
        return Outcome<LeaseView>.Ok(HoldView(hold), S.Version);
    }

    public async Task<Outcome<LeaseView>> ConfirmHoldAsync(string holdId, string leadId, Actor actor)
    {
        if (Refuse<LeaseView>(null) is { } refusal)
        {
            return refusal;
        }

        if (S.Leases.FirstOrDefault(l => l.LeadId == leadId && l.Id == LeaseIdFor(holdId)) is { } done)
        {
            return Outcome<LeaseView>.Ok(ToView(done), S.Version);
        }

        var hold = S.Holds.FirstOrDefault(h => h.HoldId == holdId);
        if (hold is null)
        {
            return Outcome<LeaseView>.NotFound();
        }

        S.Holds.Remove(hold);
        var lease = new NewLease(hold.TenantCode, hold.UnitId, hold.AreaSqm, hold.Start, hold.End, hold.SignedOn, hold.Note);
        var entry = AddLease(lease, leadId, LeaseIdFor(holdId));
        await Outbox.RecordAsync(new LeaseSigned(LeaseDetailsOf(entry)), actor);
        return Outcome<LeaseView>.Ok(ToView(entry), S.Version);
    }

    public async Task ReleaseHoldAsync(string holdId)
    {
        var hold = S.Holds.FirstOrDefault(h => h.HoldId == holdId);
        if (hold is null)
        {
            return;
        }

        S.Holds.Remove(hold);
        await Outbox.RecordAsync(new UnitHoldReleased(holdId, hold.UnitId), new Actor("landing", "system"));
    }

    /// <summary>The shape rules, then the tenant, then overlap with leases and live holds on the unit.</summary>
    /// <summary>Voids a lease entered by mistake, with a reason: it stays on record and in history but holds the unit on no day.</summary>
    public async Task<Outcome<LeaseView>> VoidLeaseAsync(string leaseId, string reason, Actor actor)
    {
        if (FindLiveLease(leaseId, reason, out var lease) is { } refusal)
        {
            return refusal;
        }

        lease!.VoidedAt = Clock.GetUtcNow();
        lease.VoidReason = reason.Trim();
        await Outbox.RecordAsync(new LeaseVoided(lease.Id, lease.VoidReason, null), actor);
        return Outcome<LeaseView>.Ok(ToView(lease), S.Version);
    }

    /// <summary>
    /// Repoints the leases (and holds) of a duplicate enterprise record merged into another to the surviving
    /// record; nothing else about them changes. Returns how many leases it repointed (none on a second call).
    /// </summary>
    public async Task<int> RetenantAsync(string duplicate, string survivor, Actor actor)
    {
        var leases = S.Leases.Where(l => l.TenantCode == duplicate).ToList();
        foreach (var hold in S.Holds.Where(h => h.TenantCode == duplicate))
        {
            hold.TenantCode = survivor;
        }

        if (leases.Count == 0)
        {
            return 0;
        }

        using var batch = Outbox.BeginBatch();
        foreach (var lease in leases)
        {
            lease.TenantCode = survivor;
            await Outbox.RecordAsync(new LeaseRetenanted(lease.Id, duplicate, survivor), actor);
        }

        await Outbox.EndBatchAsync();
        return leases.Count;
    }

    /// <summary>
    /// Corrects a lease: it is voided with the reason and the corrected lease signed in its place (checked
    /// against the unit's other leases, not the one it replaces); both stay in history.
    /// </summary>
    public async Task<Outcome<LeaseView>> CorrectLeaseAsync(string leaseId, NewLease corrected, string reason, Actor actor)
    {
        if (FindLiveLease(leaseId, reason, out var old) is { } refusal)
        {
            return refusal;
        }

        if (await CheckAsync(corrected, holdId: null, tenantMustExist: true, replacing: old!.Id) is { } problem)
        {
            return problem;
        }

        var entry = AddLease(corrected, old.LeadId);
        (old.VoidedAt, old.VoidReason, old.ReplacedBy) = (Clock.GetUtcNow(), reason.Trim(), entry.Id);
        using var batch = Outbox.BeginBatch();
        try
        {
            await Outbox.RecordAsync(new LeaseVoided(old.Id, old.VoidReason, entry.Id), actor);
            await Outbox.RecordAsync(new LeaseSigned(LeaseDetailsOf(entry)), actor);
            await Outbox.EndBatchAsync();
        }
        catch
        {
            Outbox.AbandonBatch();
            throw;
        }

        return Outcome<LeaseView>.Ok(ToView(entry), S.Version);
    }

    private Outcome<LeaseView>? FindLiveLease(string leaseId, string reason, out LeaseState? lease)
    {
        lease = null;
        if (Refuse<LeaseView>(null) is { } refusal)
        {
            return refusal;
        }

        lease = S.Leases.FirstOrDefault(l => l.Id == leaseId);
        if (lease is null)
        {
            return Outcome<LeaseView>.NotFound();
        }

        var errors = new FieldErrors();
        if (lease.VoidedAt is { } voided)
        {
            errors.Add("leaseId", Rule.AlreadyVoided(voided));
        }

        errors.Required("reason", reason, 500);
        return errors.Any ? Outcome<LeaseView>.Invalid(errors.ToList(), S.Version) : null;
    }

    private async Task<Outcome<LeaseView>?> CheckAsync(NewLease lease, string? holdId, bool tenantMustExist, string? replacing = null)
    {
        var errors = new FieldErrors();
        var unit = S.Units.FirstOrDefault(u => u.Id == lease.UnitId);
        ParkRules.Validate(errors, lease, unit, Today);
        if (CreditCode.Validate(lease.TenantCode) is { } codeRule)
        {
            errors.Add("tenantCode", codeRule);
        }
        else if (tenantMustExist && !await directory.ExistsAsync(new EntityRef(EntityRef.Enterprise, CreditCode.Normalize(lease.TenantCode))))
        {
            errors.Add("tenantCode", Rule.NotRegistered(CreditCode.Normalize(lease.TenantCode)));
        }

        if (errors.Any)
        {
            return Outcome<LeaseView>.Invalid(errors.ToList(), S.Version);
        }

        var now = Clock.GetUtcNow();
        S.Holds.RemoveAll(h => h.ExpiresAt <= now);
        if (S.Leases.FirstOrDefault(l => l.Counts && l.Id != replacing && l.UnitId == lease.UnitId && ParkRules.Overlaps(lease.Start, lease.End, l.Start, l.End)) is { } clash)
        {
            return Outcome<LeaseView>.Conflicting(
                [FieldError.Of("unitId", Rule.LeaseClash(clash.UnitId, clash.TenantCode, clash.Id, clash.Start, clash.End))],
                S.Version);
        }

        if (S.Holds.FirstOrDefault(h => h.HoldId != holdId && h.UnitId == lease.UnitId && ParkRules.Overlaps(lease.Start, lease.End, h.Start, h.End)) is { } held)
        {
            return Outcome<LeaseView>.Conflicting(
                [FieldError.Of("unitId", Rule.UnitHeld(held.UnitId, held.ExpiresAt))],
                S.Version);
        }

        return null;
    }

    private LeaseState AddLease(NewLease lease, string? leadId, string? id = null)
    {
        var entry = new LeaseState
        {
            Id = id ?? "S" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)),
            UnitId = lease.UnitId,
            TenantCode = CreditCode.Normalize(lease.TenantCode),
            AreaSqm = lease.AreaSqm,
            Start = lease.Start,
            End = lease.End,
            // Unsaid, a lease is taken as signed the day it was entered, or the day it began if that was earlier.
            SignedOn = lease.SignedOn ?? (lease.Start < Today ? lease.Start : Today),
            Note = string.IsNullOrWhiteSpace(lease.Note) ? null : lease.Note.Trim(),
            LeadId = leadId,
        };
        S.Leases.Add(entry);
        return entry;
    }

    private static LeaseDetails LeaseDetailsOf(LeaseState l) =>
        new(l.Id, l.UnitId, l.TenantCode, l.AreaSqm, l.Start, l.End, l.SignedOn, l.Note, l.LeadId);

    /// <summary>A landing's lease id follows from its hold, so confirming twice finds the same lease.</summary>
    private static string LeaseIdFor(string holdId) => "S" + holdId;

    private LeaseView HoldView(HoldState h) =>
        new(h.HoldId, Id, h.UnitId, CreditCode.Normalize(h.TenantCode), h.AreaSqm, h.Start, h.End, h.SignedOn ?? Today, "held", null, h.Note, null);
}
