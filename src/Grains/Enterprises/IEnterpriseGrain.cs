using CellValley.Grains.Common;
using CellValley.Grains.Products;

namespace CellValley.Grains.Enterprises;

/// <summary>One enterprise (企业), keyed by <see cref="EnterpriseKey.For"/> of its credit code.</summary>
public interface IEnterpriseGrain : IGrainWithStringKey
{
    /// <summary>Registers the enterprise (from a landed lead, when leadId is given); AlreadyExists if it is registered.</summary>
    Task<Outcome<EnterpriseView>> RegisterAsync(EnterpriseProfile profile, Actor actor, string? leadId = null);

    /// <summary>The enterprise now, or null when it is not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<EnterpriseView?> GetAsync();

    /// <summary>Changes profile fields if <paramref name="expectedVersion"/> is still current (null: any version).</summary>
    Task<Outcome<EnterpriseView>> UpdateProfileAsync(ProfileChanges changes, int? expectedVersion, Actor actor);

    /// <summary>What a profile change would change (fields from → to) or why it would be refused, without changing anything.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Proposals.ProfilePreview> PreviewProfileAsync(ProfileChanges changes);

    /// <summary>
    /// Applies the accepted fields of an enterprise's proposal while each still holds the value it was proposed from (else
    /// VersionMismatch: it lapses); the history names the reviewer as actor and the proposer. A proposal already applied is not applied again.
    /// </summary>
    Task<Outcome<EnterpriseView>> ApplyProposalAsync(ProfileChanges accepted, IReadOnlyList<Proposals.ProposedField> proposedFrom, string proposal, string proposedBy, Actor reviewer);

    /// <summary>What a change to one of the enterprise's records would change (from → to), or why it would be refused, without changing anything.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Outcome<Proposals.RecordPreview>> PreviewRecordAsync(Proposals.ProposedRecord record, int? expectedVersion);

    /// <summary>
    /// Applies an accepted record proposal through the record's own command (a new product, a description, a stage move, a round
    /// or loan) — a product's change while the product is at baseVersion (else VersionMismatch: it lapses); the events name the
    /// reviewer as actor, the proposal and its proposer. Answers the record's id; a proposal already applied is not applied again.
    /// </summary>
    Task<Outcome<string>> ApplyRecordProposalAsync(Proposals.ProposedRecord accepted, int baseVersion, string proposal, string proposedBy, Actor reviewer);

    /// <summary>Records a tier recognition; checks the version when one is given.</summary>
    Task<Outcome<EnterpriseView>> RecognizeTierAsync(RecognizeTier recognition, int? expectedVersion, Actor actor);

    /// <summary>Each tier's verdict as of a day (default today), under the rule set in force that day; null when not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<Tiers.TierVerdict>?> EvaluateEligibilityAsync(DateOnly? asOf = null);

    /// <summary>Registers an enterprise with its tiers, products and funding in one write (bulk loading).</summary>
    Task<Outcome<EnterpriseView>> ImportAsync(EnterpriseImport import, Actor actor);

    /// <summary>One spreadsheet row's changes (profile, a recognition, one product), recorded together or not at all.</summary>
    Task<Outcome<EnterpriseRowApplied>> ApplyRowAsync(EnterpriseRow row, Actor actor);

    /// <summary>Withdraws a registration made by mistake, at the version it was left at, while nothing is recorded on it.</summary>
    Task<Outcome<EnterpriseView>> WithdrawAsync(string reason, int expectedVersion, Actor actor);

    /// <summary>Withdraws a product added by mistake, at the version it was left at, while no grant names it.</summary>
    Task<Outcome<ProductView>> WithdrawProductAsync(string productId, string reason, int expectedVersion, Actor actor);

    /// <summary>Adds a product to the pipeline.</summary>
    Task<Outcome<ProductView>> AddProductAsync(NewProduct product, Actor actor);

    /// <summary>Changes a product's description if its version is still current (null: any).</summary>
    Task<Outcome<ProductView>> UpdateProductAsync(string productId, ProductChanges changes, int? expectedVersion, Actor actor);

    /// <summary>Moves a product along the stage ladder (or corrects it, with a reason).</summary>
    Task<Outcome<ProductView>> MoveProductStageAsync(string productId, StageMove move, int? expectedVersion, Actor actor);

    /// <summary>Records an equity round, loan or grant; a grant over a policy cap is refused (PolicyBreach).</summary>
    Task<Outcome<Funding.FundingView>> RecordFundingAsync(Funding.NewFunding funding, Actor actor);

    /// <summary>Voids a tier recognition recorded by mistake (seq from 1, as listed); it stays in the history.</summary>
    Task<Outcome<EnterpriseView>> VoidRecognitionAsync(int seq, string reason, int? expectedVersion, Actor actor);

    /// <summary>
    /// Merges this record, a duplicate of the same firm, into the surviving record: products, funding and
    /// recognitions move there, leases, relations and leads are repointed, this record is marked merged.
    /// </summary>
    Task<Outcome<MergeResult>> MergeIntoAsync(string survivor, string reason, int? expectedVersion, Actor actor);

    /// <summary>Takes in a merged duplicate's products, funding and recognitions (idempotent per duplicate).</summary>
    Task<Outcome<EnterpriseView>> AbsorbAsync(MergedParts parts, Actor actor);

    /// <summary>Records a move-out, a deregistration or a return to active, dated.</summary>
    Task<Outcome<EnterpriseView>> SetStatusAsync(StatusChange change, int? expectedVersion, Actor actor);

    /// <summary>Voids a funding entry with a reason; it stays on record but no longer counts.</summary>
    Task<Outcome<Funding.FundingView>> VoidFundingAsync(string fundingId, string reason, Actor actor);

    /// <summary>Voids an entry and records its corrected form in its place, checked against the caps without it.</summary>
    Task<Outcome<Funding.FundingView>> CorrectFundingAsync(string fundingId, Funding.NewFunding corrected, string reason, Actor actor);

    /// <summary>The enterprise's funding entries, or null when the enterprise is not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<Funding.FundingView>?> GetFundingAsync();

    /// <summary>The enterprise's products, or null when the enterprise is not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ProductView>?> GetProductsAsync();
}

/// <summary>Grain keys for enterprises.</summary>
public static class EnterpriseKey
{
    // Storage keys that are all hex digits are read as integers by the ADO.NET provider, and a
    // credit code can be all hex; the prefix keeps every key a plain string.
    private const string Prefix = "ent/";

    public static string For(string creditCode) => Prefix + CreditCode.Normalize(creditCode);

    public static string CodeOf(string grainKey) =>
        grainKey.StartsWith(Prefix, StringComparison.Ordinal) ? grainKey[Prefix.Length..] : grainKey;
}
