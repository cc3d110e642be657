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

        var productIds = S.Products.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var errors = FundingRules.Validate(funding, productIds, policies, Today);
        if (errors.Count > 0)
        {
            return Outcome<FundingView>.Invalid(errors, S.Version);
        }

        var precision = funding.DatePrecision ?? "day";
        var date = FundingRules.Normalize(funding.Date, precision);
        string? policyVersion = null;
        if (funding.Kind == FundingRules.Grant)
        {
            var grant = new RecordedGrant(funding.Category!, funding.ProductId, date, funding.Amount);
            var recorded = S.Funding.Where(f => f.Kind == FundingRules.Grant)
                .Select(f => new RecordedGrant(f.Category!, f.ProductId, f.Date, f.Amount));
            if (GrantCaps.Check(policies, recorded, grant) is { } breach)
            {
                return Outcome<FundingView>.Breached(breach, S.Version);
            }

            policyVersion = policies.InForceOn(date)?.Version;
        }

        var now = Clock.GetUtcNow();
        var entry = new FundingState
        {
            Id = NewId('F'),
            Kind = funding.Kind,
            Date = date,
            DatePrecision = precision,
            Amount = funding.Amount,
            Currency = funding.Currency,
            RoundType = funding.RoundType,
            Investors = (funding.Investors ?? [])
                .Select(i => new InvestorState { Name = i.Name.Trim(), Type = i.Type, Lead = i.Lead }).ToList(),
            Lender = Blank(funding.Lender),
            TermMonths = funding.TermMonths,
            Category = funding.Category,
            ProductId = funding.ProductId,
            Grantor = Blank(funding.Grantor),
            Program = Blank(funding.Program),
            Reference = Blank(funding.Reference),
            PolicyVersion = policyVersion,
            RecordedBy = actor.Name,
            RecordedAt = now,
        };
        S.Funding.Add(entry);
        await Outbox.RecordAsync(new FundingRecorded(DetailsOf(entry)), actor, now);
        return Outcome<FundingView>.Ok(ToView(entry), S.Version);
    }

    public Task<IReadOnlyList<FundingView>?> GetFundingAsync() =>
        Task.FromResult<IReadOnlyList<FundingView>?>(S.Registered ? S.Funding.Select(ToView).ToArray() : null);

    private static FundingDetails DetailsOf(FundingState f) => new(
        f.Id, f.Kind, f.Source, f.Date, f.DatePrecision, f.Amount, f.Currency, f.RoundType,
        f.Investors.Select(i => new InvestorDetails(i.Name, i.Type, i.Lead)).ToArray(),
        f.Lender, f.TermMonths, f.Category, f.ProductId, f.Grantor, f.Program, f.Reference, f.PolicyVersion, f.RecordedBy, f.RecordedAt);

    private static FundingView ToView(FundingState f) => new(
        f.Id,
        f.Kind,
        f.Source,
        f.Date,
        f.DatePrecision,
        f.Amount,
        f.Currency,
        f.RoundType,
        f.Investors.Select(i => new Investor(i.Name, i.Type, i.Lead)).ToArray(),
        f.Lender,
        f.TermMonths,
        f.Category,
        f.ProductId,
        f.Grantor,
        f.Program,
        f.Reference,
        f.PolicyVersion,
        f.RecordedBy,
        f.RecordedAt);
}
