using CellValley.Grains.Common;

namespace CellValley.Grains.Enterprises;

/// <summary>One enterprise (企业), keyed by <see cref="EnterpriseKey.For"/> of its credit code.</summary>
public interface IEnterpriseGrain : IGrainWithStringKey
{
    /// <summary>Registers the enterprise; AlreadyExists if it is registered.</summary>
    Task<Outcome<EnterpriseView>> RegisterAsync(EnterpriseProfile profile, Actor actor);

    /// <summary>The enterprise now, or null when it is not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<EnterpriseView?> GetAsync();

    /// <summary>Changes profile fields if <paramref name="expectedVersion"/> is still current (null: any version).</summary>
    Task<Outcome<EnterpriseView>> UpdateProfileAsync(ProfileChanges changes, int? expectedVersion, Actor actor);

    /// <summary>Records a tier recognition; checks the version when one is given.</summary>
    Task<Outcome<EnterpriseView>> RecognizeTierAsync(RecognizeTier recognition, int? expectedVersion, Actor actor);
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
