using System.Runtime;
using CellValley.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;

namespace CellValley.Api.Runtime;

/// <summary>What this silo process holds: memory, and active grains by kind.</summary>
public sealed record RuntimeDto(
    string Silo,
    long ProcessRssBytes,
    long ManagedHeapBytes,
    int ActiveGrains,
    IReadOnlyDictionary<string, int> ActiveByKind,
    DateTimeOffset At);

/// <summary>Operators' view of one silo's memory and activations (admins only).</summary>
public static class RuntimeApi
{
    public static void MapRuntimeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin/runtime").WithTags("Admin").RequireAuthorization(ApiRoles.AdminPolicy);
        group.MapGet("/", GetAsync).WithName("GetRuntime")
            .WithSummary("Memory of this silo process and its active grains by kind");
        group.MapPost("/compact", CompactAsync).WithName("CompactMemory")
            .WithSummary("Run a full compacting garbage collection now and return the figures after it (memory of deactivated grains goes back to the system)");
    }

    public static async Task<IResult> GetAsync(IGrainFactory grains, ILocalSiloDetails silo) =>
        Results.Ok(await ReadAsync(grains, silo));

    public static async Task<IResult> CompactAsync(IGrainFactory grains, ILocalSiloDetails silo)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Results.Ok(await ReadAsync(grains, silo));
    }

    private static async Task<RuntimeDto> ReadAsync(IGrainFactory grains, ILocalSiloDetails silo)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
        var byKind = statistics
            .GroupBy(s => Kind(s.GrainType))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new RuntimeDto(silo.SiloAddress.ToString(), process.WorkingSet64, GC.GetTotalMemory(false),
            byKind.Values.Sum(), byKind, DateTimeOffset.UtcNow);
    }

    // "CellValley.Grains.Enterprises.EnterpriseGrain,CellValley.Grains" → "EnterpriseGrain".
    private static string Kind(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
