using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;

namespace CellValley.Grains.Proposals;

/// <summary>
/// An enterprise's proposed change to its profile or one of its records (maker-checker), keyed "proposal/{id}": staff accept or reject it field by field;
/// accepted fields are applied through the enterprise grain's rules while they still hold the values proposed from, else it lapses.
/// </summary>
public interface IProposalGrain : IGrainWithStringKey
{
    Task<Outcome<ProposalView>> SubmitAsync(string creditCode, ProfileChanges changes, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor);

    /// <summary>Proposes a change to one of the enterprise's records (a new product, a product's description or stage, a round or loan).</summary>
    Task<Outcome<ProposalView>> SubmitRecordAsync(string creditCode, ProposedRecord record, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor);

    Task<Outcome<ProposalView>> ReviewAsync(IReadOnlyDictionary<string, string> decisions, string? comment, Actor actor);

    Task<Outcome<ProposalView>> WithdrawAsync(Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<ProposalView?> GetAsync();

    /// <summary>Whether a pending proposal's fields no longer hold the values it was proposed from (a review that accepts any would find it lapsed).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> IsStaleAsync();
}

public static class ProposalKey
{
    public static string For(string id) => "proposal/" + id;

    public static string IdOf(string key) => key["proposal/".Length..];
}
