using CellValley.Grains.Common;

namespace CellValley.Grains.Platforms;

/// <summary>A public service platform (平台), keyed "platform/{id}".</summary>
public interface IPlatformGrain : IGrainWithStringKey
{
    Task<Outcome<PlatformView>> CreateAsync(PlatformInfo info, string status, DateOnly since, Actor actor);

    Task<Outcome<PlatformView>> UpdateAsync(PlatformInfo info, int? expectedVersion, Actor actor);

    /// <summary>Withdraws a platform recorded by mistake (an import reverted), at the version it was left at.</summary>
    Task<Outcome<PlatformView>> WithdrawAsync(string reason, int expectedVersion, Actor actor);

    /// <summary>A new description and/or the next status, in one write (a sheet's row).</summary>
    Task<Outcome<PlatformView>> ReviseAsync(PlatformInfo? info, string? status, DateOnly? since, int? expectedVersion, Actor actor);

    /// <summary>Moves the platform forward: planned → building → operating, dated.</summary>
    Task<Outcome<PlatformView>> AdvanceStatusAsync(string status, DateOnly since, Actor actor, string? reason = null);

    [Orleans.Concurrency.ReadOnly]
    Task<PlatformView?> GetAsync();
}

public static class PlatformKey
{
    public static string For(string id) => "platform/" + id;

    public static string IdOf(string key) => key["platform/".Length..];
}
