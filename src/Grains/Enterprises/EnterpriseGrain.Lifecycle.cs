using CellValley.Grains.Common;
using CellValley.Grains.Enterprises.Events;
using CellValley.Grains.Events;

namespace CellValley.Grains.Enterprises;

/// <summary>
/// An enterprise's life in the cluster: active, moved out (迁出, with the day and where to) or deregistered
/// (注销, with the day). Nothing is deleted: the picture counts what was active on the day asked.
/// </summary>
public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<EnterpriseView>> SetStatusAsync(StatusChange change, int? expectedVersion, Actor actor)
    {
        if (Refuse<EnterpriseView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var current = S.CurrentStatus();
        var errors = EnterpriseRules.Validate(change, current, S.FoundedOn, Today);
        if (errors.Count > 0)
        {
            return Outcome<EnterpriseView>.Invalid(errors, S.Version);
        }

        var entry = new StatusState
        {
            Status = change.Status,
            Since = change.Since,
            Destination = Blank(change.Destination),
            Reason = Blank(change.Reason),
        };
        S.StatusHistory.Add(entry);
        await Outbox.RecordAsync(new StatusChanged(current.Status, entry.Status, entry.Since, entry.Destination, entry.Reason), actor);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    /// <summary>Voids a tier recognition recorded by mistake (seq: its place in the history, from 1); the tier falls back to the one before.</summary>
    public async Task<Outcome<EnterpriseView>> VoidRecognitionAsync(int seq, string reason, int? expectedVersion, Actor actor)
    {
        if (!S.Registered || seq < 1 || seq > S.TierHistory.Count)
        {
            return Outcome<EnterpriseView>.NotFound();
        }

        if (Merged<EnterpriseView>() is { } merged)
        {
            return merged;
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<EnterpriseView>.VersionMismatch(S.Version);
        }

        var entry = S.TierHistory[seq - 1];
        var errors = new FieldErrors();
        if (entry.VoidedAt is { } voided)
        {
            errors.Add("seq", Rule.AlreadyVoided(voided));
        }

        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<EnterpriseView>.Invalid(errors.ToList(), S.Version);
        }

        var tierBefore = S.CurrentTier();
        (entry.VoidedAt, entry.VoidedBy, entry.VoidReason) = (Clock.GetUtcNow(), actor.Name, reason.Trim());
        await Outbox.RecordAsync(new RecognitionVoided(seq, entry.Tier, entry.VoidReason, tierBefore, S.CurrentTier()), actor);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }
}
