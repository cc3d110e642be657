using System.Text.Json;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises.Events;
using CellValley.Grains.Events;
using CellValley.Grains.Funding.Events;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using CellValley.Grains.Products.Events;
using CellValley.Grains.Relations;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CellValley.Grains.Enterprises;

/// <summary>
/// Merging a duplicate (合并重复记录): the same firm entered twice, once under a mistyped code. This record,
/// the duplicate, hands its products, funding and recognitions to the surviving record; its leases, relations
/// and leads are repointed there; then it is marked merged and takes no more changes. Both histories stay.
/// The merge is recorded before its first step, and every step is idempotent: a crash between steps is
/// finished on the next activation or the next call.
/// </summary>
public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<MergeResult>> MergeIntoAsync(string survivor, string reason, int? expectedVersion, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<MergeResult>.NotFound();
        }

        if (S.MergedInto is { } into)
        {
            return Outcome<MergeResult>.Conflicting([FieldError.Of("creditCode", Rule.EnterpriseMerged(into))], S.Version);
        }

        var code = CreditCode.Normalize(survivor ?? "");
        if (S.Merge is { } pending)
        {
            // A merge interrupted earlier: the same request finishes it; another one waits for it.
            return pending.Survivor == code
                ? Outcome<MergeResult>.Ok(await FinishMergeAsync(), S.Version)
                : Outcome<MergeResult>.Conflicting([FieldError.Of("creditCode", Rule.EnterpriseMerged(pending.Survivor))], S.Version);
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<MergeResult>.VersionMismatch(S.Version);
        }

        var errors = new FieldErrors();
        if (CreditCode.Validate(survivor) is { } codeRule)
        {
            errors.Add("survivor", codeRule);
        }
        else if (code == S.CreditCode)
        {
            errors.Add("survivor", Rule.MergeIntoItself());
        }

        errors.Required("reason", reason, 500);
        if (errors.Any)
        {
            return Outcome<MergeResult>.Invalid(errors.ToList(), S.Version);
        }

        var target = await GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).GetAsync();
        if (target is null)
        {
            return Outcome<MergeResult>.Invalid([FieldError.Of("survivor", Rule.NotRegistered(code))], S.Version);
        }

        if (target.Status?.MergedInto is { } further)
        {
            return Outcome<MergeResult>.Invalid([FieldError.Of("survivor", Rule.EnterpriseMerged(further))], S.Version);
        }

        // From here a crash leaves a durable record of the merge, so nothing stays half-done.
        S.Merge = new PendingMerge { Survivor = code, Reason = reason.Trim(), ActorName = actor.Name, ActorRole = actor.Role };
        await Outbox.WriteStateAsync();
        var absorbed = await AbsorbIntoSurvivorAsync();
        if (!absorbed.IsOk)
        {
            // The survivor refused (it is being merged itself): nothing moved, so the merge is dropped.
            S.Merge = null;
            await Outbox.WriteStateAsync();
            return Outcome<MergeResult>.Invalid(absorbed.Errors.Select(e => e with { Field = "survivor" }).ToList(), S.Version);
        }

        return Outcome<MergeResult>.Ok(await FinishMergeAsync(), S.Version);
    }

    /// <summary>Takes in a duplicate's parts; a second call for the same duplicate changes nothing.</summary>
    public async Task<Outcome<EnterpriseView>> AbsorbAsync(MergedParts parts, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<EnterpriseView>.NotFound();
        }

        if (S.MergedFrom.Contains(parts.From))
        {
            return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
        }

        if (S.MergedInto is not null || S.Merge is not null)
        {
            return Outcome<EnterpriseView>.Conflicting([FieldError.Of("creditCode", Rule.SurvivorMerging(S.CreditCode))], S.Version);
        }

        var moved = JsonSerializer.Deserialize<MovedParts>(parts.PartsJson, EventJson.Options)!;
        var now = Clock.GetUtcNow();
        using var batch = Outbox.BeginBatch();
        foreach (var product in moved.Products)
        {
            // A new version of the product: its read rows follow it to this record.
            product.Version++;
            product.UpdatedAt = now;
            S.Products.Add(product);
            await Outbox.RecordAsync(new ProductMovedIn(product.Id, parts.From, S.CreditCode), actor, now);
        }

        foreach (var entry in moved.Funding)
        {
            S.Funding.Add(entry);
            await Outbox.RecordAsync(new FundingMovedIn(entry.Id, parts.From, S.CreditCode), actor, now);
        }

        var tierBefore = S.CurrentTier();
        S.TierHistory.AddRange(moved.Recognitions);
        S.MergedFrom.Add(parts.From);
        await Outbox.RecordAsync(
            new EnterpriseAbsorbed(parts.From, parts.Reason, [.. moved.Products.Select(p => p.Id)], [.. moved.Funding.Select(f => f.Id)], moved.Recognitions.Count),
            actor, now);
        if (tierBefore != S.CurrentTier())
        {
            var current = S.CurrentRecognition()!;
            var details = new RecognitionDetails(current.Tier, current.RecognizedOn, current.Batch, current.Source, current.Reason, current.ValidUntil, current.EngineVerdict, null);
            await Outbox.RecordAsync(new TierRecognized(tierBefore, S.CurrentTier(), details), actor, now);
        }

        await Outbox.EndBatchAsync();
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    /// <summary>Why a change of the whole record cannot go ahead: not registered, merged away, or not the version the caller read.</summary>
    private Outcome<T>? Refuse<T>(int? expectedVersion) =>
        !S.Registered ? Outcome<T>.NotFound()
        : Merged<T>() is { } merged ? merged
        : expectedVersion is { } expected && expected != S.Version ? Outcome<T>.VersionMismatch(S.Version)
        : null;

    /// <summary>A merged record (or one being merged) takes no changes: the refusal names the surviving record.</summary>
    private Outcome<T>? Merged<T>() => (S.MergedInto ?? S.Merge?.Survivor) is { } into
        ? Outcome<T>.Conflicting([FieldError.Of("creditCode", Rule.EnterpriseMerged(into))], S.Version)
        : null;

    /// <summary>An activation that finds a merge interrupted finishes it; if a step still cannot run, the next call tries again.</summary>
    private async Task ResumeMergeAsync()
    {
        try
        {
            if (S.Merge is not null && (await AbsorbIntoSurvivorAsync()).IsOk)
            {
                await FinishMergeAsync();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Merge of {Code} into {Survivor} could not finish yet", S.CreditCode, S.Merge?.Survivor);
        }
    }

    private Task<Outcome<EnterpriseView>> AbsorbIntoSurvivorAsync()
    {
        var pending = S.Merge!;
        var parts = new MovedParts { Products = S.Products, Funding = S.Funding, Recognitions = S.TierHistory };
        return GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(pending.Survivor))
            .AbsorbAsync(new MergedParts(S.CreditCode, pending.Reason, JsonSerializer.Serialize(parts, EventJson.Options)), MergeActor);
    }

    private Actor MergeActor => new(S.Merge!.ActorName, S.Merge.ActorRole);

    /// <summary>Repoints leases, relations and leads (each step idempotent), then marks this record merged.</summary>
    private async Task<MergeResult> FinishMergeAsync()
    {
        var pending = S.Merge!;
        var actor = MergeActor;
        var (parks, relations, leads) = await ReferencesAsync();
        var leases = 0;
        foreach (var park in parks)
        {
            leases += await GrainFactory.Ref<IParkGrain>(ParkKey.For(park)).RetenantAsync(S.CreditCode, pending.Survivor, actor);
        }

        foreach (var key in relations)
        {
            await GrainFactory.Ref<IRelationGrain>(key).MergeAsync(S.CreditCode, pending.Survivor, actor);
        }

        foreach (var lead in leads)
        {
            await GrainFactory.Ref<ILeadGrain>(LeadKey.For(lead)).RecodeAsync(S.CreditCode, pending.Survivor, actor);
        }

        var (products, funding, recognitions) = (S.Products.Count, S.Funding.Count, S.TierHistory.Count);
        var statusBefore = S.CurrentStatus().Status;
        S.Products.Clear();
        S.Funding.Clear();
        S.StatusHistory.Add(new StatusState { Status = EnterpriseStatuses.Merged, Since = Today, Destination = pending.Survivor, Reason = pending.Reason });
        S.MergedInto = pending.Survivor;
        S.Merge = null;
        await Outbox.RecordAsync(new EnterpriseMerged(statusBefore, pending.Survivor, pending.Reason, products, funding, recognitions), actor);

        var survivor = await GrainFactory.Ref<IEnterpriseGrain>(EnterpriseKey.For(pending.Survivor)).GetAsync();
        return new MergeResult(S.ToView(), survivor!, products, funding, recognitions, leases, relations.Count, leads.Count);
    }

    /// <summary>Where the registry's read tables name this record: the parks it leases in, its relations and leads.</summary>
    private async Task<(IReadOnlyList<string> Parks, IReadOnlyList<string> Relations, IReadOnlyList<string> Leads)> ReferencesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var code = S.CreditCode;
        var parks = await connection.QueryAsync<string>("SELECT DISTINCT park_id FROM cv_leases WHERE tenant_code = @code", new { code });
        var relations = await connection.QueryAsync<string>(
            """
            SELECT grain_key FROM cv_relations
             WHERE merged_into IS NULL AND ((from_kind = 'enterprise' AND from_id = @code) OR (to_kind = 'enterprise' AND to_id = @code))
            """,
            new { code });
        var leads = await connection.QueryAsync<string>("SELECT lead_id FROM cv_leads WHERE credit_code = @code OR landed_code = @code", new { code });
        return (parks.AsList(), relations.AsList(), leads.AsList());
    }
}
