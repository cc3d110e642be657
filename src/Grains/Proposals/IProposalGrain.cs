using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;

namespace CellValley.Grains.Proposals;

/// <summary>
/// An enterprise's proposed change to its profile (maker-checker), keyed "proposal/{id}": staff accept or reject it field by field;
/// accepted fields are applied through the enterprise grain's rules at the version the proposal was made against, else it lapses.
/// </summary>
public interface IProposalGrain : IGrainWithStringKey
{
    Task<Outcome<ProposalView>> SubmitAsync(string creditCode, ProfileChanges changes, IReadOnlyList<ProposedField> fields, int baseVersion, string? comment, Actor actor);

    Task<Outcome<ProposalView>> ReviewAsync(IReadOnlyDictionary<string, string> decisions, string? comment, Actor actor);

    Task<Outcome<ProposalView>> WithdrawAsync(Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<ProposalView?> GetAsync();
}

public static class ProposalKey
{
    public static string For(string id) => "proposal/" + id;

    public static string IdOf(string key) => key["proposal/".Length..];
}
