using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Events;
using CellValley.Grains.Leads.Events;
using CellValley.Grains.Parks;

namespace CellValley.Grains.Leads;

/// <summary>
/// Landing (落地): register the enterprise and sign its lease as one user action. The unit is held
/// first (nothing else can take it), the enterprise registered, then the hold confirmed as a lease.
/// A refusal at any step undoes the earlier ones; a crash between steps is resumed or undone on
/// the next activation, from the landing recorded in the lead's state.
/// </summary>
public sealed partial class LeadGrain
{
    private static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(10);

    public async Task<Outcome<LandingResult>> LandAsync(Landing landing, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<LandingResult>.NotFound();
        }

        if (S.Landing is not null)
        {
            await RecoverLandingAsync();
        }

        var errors = new FieldErrors();
        if (S.Status == "won")
        {
            errors.Add("lead", Rule.LeadLanded(S.LandedCode ?? ""));
        }
        else if (S.Status == "lost")
        {
            errors.Add("lead", Rule.LeadLost());
        }
        else if (S.Stages[^1].Stage != "signed")
        {
            errors.Add("lead", Rule.LandFromSigned(S.Stages[^1].Stage));
        }

        if (CreditCode.Validate(landing.CreditCode) is { } codeRule)
        {
            errors.Add("creditCode", codeRule);
        }

        var profile = EnterpriseRules.Normalize(landing.Profile);
        foreach (var error in EnterpriseRules.Validate(profile, taxonomy, Today))
        {
            errors.Add(error.Under("enterprise"));
        }

        if (errors.Any)
        {
            return Outcome<LandingResult>.Invalid(errors.ToList(), S.Version);
        }

        var code = CreditCode.Normalize(landing.CreditCode);
        var enterprise = GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(code));
        if (await enterprise.GetAsync() is not null)
        {
            return Outcome<LandingResult>.Conflicting([FieldError.Of("creditCode", Rule.AlreadyRegistered(code))], S.Version);
        }

        IParkGrain? park = null;
        var holdId = $"{Id}-{S.Version + 1}";
        if (landing.Lease is { } wanted)
        {
            park = GrainFactory.Ref<IParkGrain>(ParkKey.For(wanted.ParkId));
            var held = await park.HoldAsync(holdId, wanted.Lease with { TenantCode = code }, HoldFor, actor);
            if (!held.IsOk)
            {
                var prefixed = held.Errors.Select(e => e.Under("lease")).ToList();
                return held.Kind switch
                {
                    OutcomeKind.NotFound => Outcome<LandingResult>.Invalid([FieldError.Of("lease.parkId", Rule.NotRegistered(wanted.ParkId))], S.Version),
                    OutcomeKind.Conflict => Outcome<LandingResult>.Conflicting(prefixed, S.Version),
                    _ => Outcome<LandingResult>.Invalid(prefixed, S.Version),
                };
            }
        }

        // From here a crash leaves a durable record of the landing, so nothing stays half-done.
        S.Landing = new PendingLanding
        {
            CreditCode = code,
            ParkId = landing.Lease?.ParkId,
            HoldId = park is null ? null : holdId,
            Lease = landing.Lease is { } terms ? terms.Lease with { TenantCode = code } : null,
        };
        await Outbox.WriteStateAsync();

        var registered = await enterprise.RegisterAsync(profile, actor, Id);
        if (!registered.IsOk)
        {
            await UndoLandingAsync();
            return registered.Kind == OutcomeKind.AlreadyExists
                ? Outcome<LandingResult>.Conflicting([FieldError.Of("creditCode", Rule.AlreadyRegistered(code))], S.Version)
                : Outcome<LandingResult>.Invalid(registered.Errors.Select(e => e.Under("enterprise")).ToList(), S.Version);
        }

        var lease = await FinishLandingAsync(actor);
        return Outcome<LandingResult>.Ok(new LandingResult(View(), registered.Value!, lease), S.Version);
    }

    /// <summary>Completes a recorded landing whose enterprise exists, or undoes one whose enterprise never came to be.</summary>
    private async Task RecoverLandingAsync()
    {
        var pending = S.Landing!;
        var enterprise = await GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(pending.CreditCode)).GetAsync();
        if (enterprise?.LeadId == Id)
        {
            await FinishLandingAsync(new Actor("landing recovery", "system"));
        }
        else
        {
            await UndoLandingAsync();
        }
    }

    private async Task<LeaseView?> FinishLandingAsync(Actor actor)
    {
        var pending = S.Landing!;
        LeaseView? lease = null;
        if (pending.HoldId is not null)
        {
            var park = GrainFactory.Ref<IParkGrain>(ParkKey.For(pending.ParkId!));
            var confirmed = await park.ConfirmHoldAsync(pending.HoldId, Id, actor);
            if (confirmed.Kind == OutcomeKind.NotFound && pending.Lease is not null)
            {
                // The hold lapsed while the landing was interrupted: sign the same terms if the unit is still free.
                confirmed = await park.SignLeaseAsync(pending.Lease, actor);
            }

            lease = confirmed.Value;
        }

        var stageBefore = S.Stages[^1].Stage;
        var statusBefore = S.Status;
        S.Stages.Add(new LeadStageState { Stage = "landed", Since = Today, By = actor.Name });
        (S.Status, S.StatusReason, S.LandedCode, S.LandedLeaseId) = ("won", null, pending.CreditCode, lease?.Id);
        S.StatusHistory.Add(new LeadStatusState { Status = "won", Since = Today });
        S.Landing = null;
        await Outbox.RecordAsync(new LeadLanded(stageBefore, statusBefore, pending.CreditCode, lease?.Id), actor);
        return lease;
    }

    private async Task UndoLandingAsync()
    {
        var pending = S.Landing!;
        if (pending.HoldId is not null)
        {
            await GrainFactory.Ref<IParkGrain>(ParkKey.For(pending.ParkId!)).ReleaseHoldAsync(pending.HoldId);
        }

        S.Landing = null;
        await Outbox.WriteStateAsync();
    }
}
