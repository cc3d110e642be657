using CellValley.Grains.Common;

namespace CellValley.Grains.Institutions;

/// <summary>An institution, keyed "inst/{id}".</summary>
public interface IInstitutionGrain : IGrainWithStringKey
{
    Task<Outcome<InstitutionView>> RegisterAsync(InstitutionInfo info, Actor actor);

    Task<Outcome<InstitutionView>> UpdateAsync(InstitutionInfo info, int? expectedVersion, Actor actor);

    /// <summary>Withdraws an institution recorded by mistake (an import reverted), at the version it was left at.</summary>
    Task<Outcome<InstitutionView>> WithdrawAsync(string reason, int expectedVersion, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<InstitutionView?> GetAsync();
}

public static class InstitutionKey
{
    public static string For(string id) => "inst/" + id;

    public static string IdOf(string key) => key["inst/".Length..];
}
