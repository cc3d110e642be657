using CellValley.Grains.Common;
using CellValley.Grains.Enterprises.Events;
using CellValley.Grains.Events;
using CellValley.Grains.Funding;
using CellValley.Grains.Products;
using CellValley.Grains.Proposals;

namespace CellValley.Grains.Enterprises;

/// <summary>
/// Enterprises' own changes under review: what a change would change (from → to), and applying what staff accepted. A profile
/// proposal applies only while every field it changes still holds the value it was proposed from; a product's change only while
/// the product is as it was proposed against (its version); else the proposal has lapsed. New products and rounds add to the
/// record and do not lapse; the record's rules judge them again when applied.
/// </summary>
public sealed partial class EnterpriseGrain
{
    public Task<ProfilePreview> PreviewProfileAsync(ProfileChanges changes)
    {
        if (!S.Registered)
        {
            return Task.FromResult(new ProfilePreview([], [], S.Version, false));
        }

        var (before, after, errors) = ProfileAfter(changes);
        var fields = errors.Count > 0 ? [] : Proposed(ProfileDiff(before, after));
        return Task.FromResult(new ProfilePreview(errors, fields, S.Version, true));
    }

    public async Task<Outcome<EnterpriseView>> ApplyProposalAsync(
        ProfileChanges accepted, IReadOnlyList<ProposedField> proposedFrom, string proposal, string proposedBy, Actor reviewer)
    {
        if (S.AppliedProposals.Contains(proposal))
        {
            return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
        }

        if (Refuse<EnterpriseView>(null) is { } refusal)
        {
            return refusal;
        }

        var (before, after, errors) = ProfileAfter(accepted);
        if (errors.Count > 0)
        {
            return Outcome<EnterpriseView>.Invalid(errors, S.Version);
        }

        var diff = ProfileDiff(before, after);
        if (!ProposedField.StillFrom(Proposed(diff), proposedFrom))
        {
            return Outcome<EnterpriseView>.VersionMismatch(S.Version);
        }

        S.SetProfile(after);
        Applied(proposal);
        await Outbox.RecordAsync(new ProposalAccepted(diff, proposal, proposedBy), reviewer);
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    public Task<Outcome<RecordPreview>> PreviewRecordAsync(ProposedRecord record, int? expectedVersion) =>
        Task.FromResult(PreviewRecord(record, expectedVersion));

    public async Task<Outcome<string>> ApplyRecordProposalAsync(ProposedRecord accepted, int baseVersion, string proposal, string proposedBy, Actor reviewer)
    {
        if (S.AppliedProposals.Contains(proposal))
        {
            return Outcome<string>.Ok(accepted.ProductId ?? "", S.Version);
        }

        // A product's change applies to the product as it was proposed against (its version), else VersionMismatch: it lapses.
        var onProduct = accepted.Kind is ProposalKinds.ProductUpdate or ProposalKinds.Stage;
        var preview = PreviewRecord(accepted, onProduct ? baseVersion : null);
        if (!preview.IsOk)
        {
            return preview.As<string>();
        }

        // The change goes through the record's own command, attributed to the reviewer acting for the proposal; the proposal is
        // marked applied in the same write, so that applying it again after a stop changes nothing.
        var actor = reviewer with { Proposal = proposal, ProposedBy = proposedBy };
        Applied(proposal);
        var (outcome, id) = accepted.Kind switch
        {
            ProposalKinds.Product => Id(await AddProductAsync(accepted.Product!, actor), p => p.Id),
            ProposalKinds.ProductUpdate => Id(await UpdateProductAsync(accepted.ProductId!, accepted.ProductChanges!, baseVersion, actor), p => p.Id),
            ProposalKinds.Stage => Id(await MoveProductStageAsync(accepted.ProductId!, accepted.Move!, baseVersion, actor), p => p.Id),
            ProposalKinds.Funding => Id(await RecordFundingAsync(accepted.Funding!, actor), f => f.Id),
            _ => (Outcome<string>.Invalid([FieldError.Of("kind", Rule.OneOf(string.Join(", ", ProposalKinds.All)))], S.Version), null),
        };
        if (!outcome.IsOk)
        {
            S.AppliedProposals.Remove(proposal);
            return outcome;
        }

        return Outcome<string>.Ok(id!, S.Version);

        static (Outcome<string> Outcome, string? Id) Id<T>(Outcome<T> outcome, Func<T, string> id) =>
            outcome.IsOk ? (Outcome<string>.Ok(id(outcome.Value!), outcome.CurrentVersion), id(outcome.Value!)) : (outcome.As<string>(), null);
    }

    private Outcome<RecordPreview> PreviewRecord(ProposedRecord record, int? expectedVersion)
    {
        if (!S.Registered)
        {
            return Outcome<RecordPreview>.NotFound();
        }

        if (Merged<RecordPreview>() is { } merged)
        {
            return merged;
        }

        switch (record.Kind)
        {
            case ProposalKinds.Product when record.Product is { } product:
            {
                var errors = ProductRules.Validate(product, taxonomy, Today);
                if (errors.Count == 0 && S.Products.Count >= ProductRules.MaxProductsPerEnterprise)
                {
                    errors = [FieldError.Of("products", Rule.ProductsMax(ProductRules.MaxProductsPerEnterprise))];
                }

                if (errors.Count > 0)
                {
                    return Outcome<RecordPreview>.Invalid(errors, S.Version);
                }

                var proposed = new
                {
                    name = product.Name.Trim(), kind = taxonomy.FindKind(product.Kind)!.Code, registrationClass = Blank(product.RegistrationClass),
                    indication = Blank(product.Indication), innovativeDevice = product.InnovativeDevice,
                    stage = taxonomy.FindStage(product.Stage ?? "discovery")!.Code, stageDate = product.StageDate ?? Today,
                };
                return Preview([FieldChange.Of<object?>(ProposalKinds.Product, null, proposed)], S.Version);
            }

            case ProposalKinds.ProductUpdate when record.ProductChanges is { } changes:
            {
                if (Find(record.ProductId ?? "", expectedVersion, out var product) is { } refusal)
                {
                    return refusal.As<RecordPreview>();
                }

                var errors = ProductRules.Validate(product!, changes, taxonomy);
                return errors.Count > 0 ? Outcome<RecordPreview>.Invalid(errors, product!.Version) : Preview(ProductDiff(product!, changes), product!.Version);
            }

            case ProposalKinds.Stage when record.Move is { } move:
            {
                if (Find(record.ProductId ?? "", expectedVersion, out var product) is { } refusal)
                {
                    return refusal.As<RecordPreview>();
                }

                var errors = ProductRules.ValidateMove(product!, move, taxonomy, Today, out var skipped);
                if (errors.Count > 0)
                {
                    return Outcome<RecordPreview>.Invalid(errors, product!.Version);
                }

                var from = new { stage = product!.Current.Stage, date = product.Current.Date };
                var to = new
                {
                    stage = taxonomy.FindStage(move.Stage)!.Code, date = move.Date, skipped, correction = move.Correction,
                    reason = Blank(move.Reason), note = Blank(move.Note),
                };
                return Preview([FieldChange.Of<object?>(ProposalKinds.Stage, from, to)], product.Version);
            }

            case ProposalKinds.Funding when record.Funding is { } funding:
            {
                var (refusal, entry) = Build(funding, new Actor("", ""), Clock.GetUtcNow(), replacing: null);
                if (refusal is not null)
                {
                    return refusal.As<RecordPreview>();
                }

                var proposed = new
                {
                    kind = entry!.Kind, date = entry.Date, datePrecision = entry.DatePrecision, amount = entry.Amount, currency = entry.Currency,
                    roundType = entry.RoundType, investors = entry.Investors.Select(i => new Investor(i.Name, i.Type, i.Lead, i.AmountYuan)).ToArray(),
                    lender = entry.Lender, termMonths = entry.TermMonths,
                };
                return Preview([FieldChange.Of<object?>(ProposalKinds.Funding, null, proposed)], S.Version);
            }

            default:
                return Outcome<RecordPreview>.Invalid([FieldError.Of("kind", Rule.OneOf(string.Join(", ", ProposalKinds.All)))], S.Version);
        }

        static Outcome<RecordPreview> Preview(IReadOnlyList<FieldChange> changes, int version) =>
            Outcome<RecordPreview>.Ok(new RecordPreview(Proposed(changes), version), version);
    }

    /// <summary>The profile now and as a change would leave it (normalized), with the rules that would refuse it.</summary>
    private (EnterpriseProfile Before, EnterpriseProfile After, IReadOnlyList<FieldError> Errors) ProfileAfter(ProfileChanges changes)
    {
        var before = S.ToProfile();
        var after = EnterpriseRules.Normalize(EnterpriseRules.Apply(before, changes));
        return (before, after, EnterpriseRules.Validate(after, taxonomy, Today));
    }

    private void Applied(string proposal)
    {
        S.AppliedProposals.Add(proposal);
        if (S.AppliedProposals.Count > 20)
        {
            S.AppliedProposals.RemoveAt(0);
        }
    }

    private static ProposedField[] Proposed(IEnumerable<FieldChange> changes) =>
        changes.Select(c => new ProposedField(c.Field, c.From?.GetRawText(), c.To?.GetRawText())).ToArray();
}
