using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Funding;
using CellValley.Grains.Funding.Events;

namespace CellValley.Grains.Enterprises;

/// <summary>Funding of an enterprise: equity rounds, loans and grants checked against policy caps.</summary>
public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<FundingView>> RecordFundingAsync(NewFunding funding, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<FundingView>.NotFound();
        }

        if (Merged<FundingView>() is { } merged)
        {
            return merged;
        }

        var now = Clock.GetUtcNow();
        var (refusal, entry) = Build(funding, actor, now, replacing: null);
        if (refusal is not null)
        {
            return refusal;
        }

        S.Funding.Add(entry!);
        await Outbox.RecordAsync(new FundingRecorded(DetailsOf(entry!)), actor, now);
        return Outcome<FundingView>.Ok(ToView(entry!), S.Version);
    }

    /// <summary>Voids an entry with a reason: it stays on record and in history but no longer counts, in totals or against caps.</summary>
    public async Task<Outcome<FundingView>> VoidFundingAsync(string fundingId, string reason, Actor actor)
    {
        if (FindLive(fundingId, reason, out var entry) is { } refusal)
        {
            return refusal;
        }

        var now = Clock.GetUtcNow();
        Void(entry!, reason, actor, now, replacedBy: null);
        await Outbox.RecordAsync(new FundingVoided(entry!.Id, entry.VoidReason!, null), actor, now);
        return Outcome<FundingView>.Ok(ToView(entry), S.Version);
    }

    /// <summary>
    /// Corrects an entry: it is voided with the reason and the corrected entry recorded in its place, checked
    /// against the caps as if the voided one had never been; both stay in history.
    /// </summary>
    public async Task<Outcome<FundingView>> CorrectFundingAsync(string fundingId, NewFunding corrected, string reason, Actor actor)
    {
        if (FindLive(fundingId, reason, out var old) is { } refusal)
        {
            return refusal;
        }

        var now = Clock.GetUtcNow();
        var (invalid, entry) = Build(corrected, actor, now, replacing: old!.Id);
        if (invalid is not null)
        {
            return invalid;
        }

        Void(old, reason, actor, now, entry!.Id);
        S.Funding.Add(entry);
        using var batch = Outbox.BeginBatch();
        try
        {
            await Outbox.RecordAsync(new FundingVoided(old.Id, old.VoidReason!, entry.Id), actor, now);
            await Outbox.RecordAsync(new FundingRecorded(DetailsOf(entry)), actor, now);
            await Outbox.EndBatchAsync();
        }
        catch
        {
            Outbox.AbandonBatch();
            throw;
        }

        return Outcome<FundingView>.Ok(ToView(entry), S.Version);
    }

    private Outcome<FundingView>? FindLive(string fundingId, string reason, out FundingState? entry)
    {
        entry = S.Registered ? S.Funding.FirstOrDefault(f => f.Id == fundingId) : null;
        if (entry is null)
        {
            return Outcome<FundingView>.NotFound();
        }

        if (Merged<FundingView>() is { } merged)
        {
            return merged;
        }

        var errors = new FieldErrors();
        if (entry.VoidedAt is { } voided)
        {
            errors.Add("fundingId", Rule.AlreadyVoided(voided));
        }

        errors.Required("reason", reason, 500);
        return errors.Any ? Outcome<FundingView>.Invalid(errors.ToList(), S.Version) : null;
    }

    private static void Void(FundingState entry, string reason, Actor actor, DateTimeOffset now, string? replacedBy)
    {
        entry.VoidedAt = now;
        entry.VoidedBy = actor.Name;
        entry.VoidReason = reason.Trim();
        entry.ReplacedBy = replacedBy;
    }

    /// <summary>Checks a new entry (grants against the caps of the policy in force on their date, leaving out voided grants and the one being replaced) and builds it.</summary>
    private (Outcome<FundingView>? Refusal, FundingState? Entry) Build(NewFunding funding, Actor actor, DateTimeOffset now, string? replacing)
    {
        var productIds = S.Products.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var errors = FundingRules.Validate(funding, productIds, policies, Today);
        if (errors.Count > 0)
        {
            return (Outcome<FundingView>.Invalid(errors, S.Version), null);
        }

        var precision = funding.DatePrecision ?? "day";
        var date = FundingRules.Normalize(funding.Date, precision);
        string? policyVersion = null;
        if (funding.Kind == FundingRules.Grant)
        {
            var grant = new RecordedGrant(funding.Category!, funding.ProductId, date, funding.Amount);
            var recorded = S.Funding.Where(f => f.Kind == FundingRules.Grant && f.Counts && f.Id != replacing)
                .Select(f => new RecordedGrant(f.Category!, f.ProductId, f.Date, f.Amount));
            if (GrantCaps.Check(policies, recorded, grant) is { } breach)
            {
                return (Outcome<FundingView>.Breached(breach, S.Version), null);
            }

            policyVersion = policies.InForceOn(date)?.Version;
        }

        return (null, new FundingState
        {
            Id = NewId('F'),
            Kind = funding.Kind,
            Date = date,
            DatePrecision = precision,
            Amount = funding.Amount,
            Currency = funding.Currency,
            RoundType = funding.RoundType,
            Investors = (funding.Investors ?? [])
                .Select(i => new InvestorState { Name = i.Name.Trim(), Type = i.Type, Lead = i.Lead, AmountYuan = i.AmountYuan }).ToList(),
            Lender = Blank(funding.Lender),
            TermMonths = funding.TermMonths,
            Category = funding.Category,
            ProductId = funding.ProductId,
            Grantor = Blank(funding.Grantor),
            Program = Blank(funding.Program),
            Reference = Blank(funding.Reference),
            PolicyVersion = policyVersion,
            Uncapped = funding.Uncapped,
            RecordedBy = actor.Name,
            RecordedAt = now,
        });
    }

    public Task<IReadOnlyList<FundingView>?> GetFundingAsync() =>
        Task.FromResult<IReadOnlyList<FundingView>?>(S.Registered ? S.Funding.Select(ToView).ToArray() : null);

    private static FundingDetails DetailsOf(FundingState f) => new(
        f.Id, f.Kind, f.Source, f.Date, f.DatePrecision, f.Amount, f.Currency, f.RoundType,
        f.Investors.Select(i => new InvestorDetails(i.Name, i.Type, i.Lead, i.AmountYuan)).ToArray(),
        f.Lender, f.TermMonths, f.Category, f.ProductId, f.Grantor, f.Program, f.Reference, f.PolicyVersion, f.RecordedBy, f.RecordedAt, f.Uncapped);

    private static FundingView ToView(FundingState f) => new(
        f.Id,
        f.Kind,
        f.Source,
        f.Date,
        f.DatePrecision,
        f.Amount,
        f.Currency,
        f.RoundType,
        f.Investors.Select(i => new Investor(i.Name, i.Type, i.Lead, i.AmountYuan)).ToArray(),
        f.Lender,
        f.TermMonths,
        f.Category,
        f.ProductId,
        f.Grantor,
        f.Program,
        f.Reference,
        f.PolicyVersion,
        f.RecordedBy,
        f.RecordedAt,
        f.Uncapped,
        f.VoidedAt is { } at ? new FundingVoid(f.VoidReason ?? "", f.VoidedBy ?? "", at, f.ReplacedBy) : null,
        f.GuidanceFundYuan);
}
