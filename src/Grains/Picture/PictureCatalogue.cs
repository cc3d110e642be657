using System.Text.Json;

namespace CellValley.Grains.Picture;

/// <summary>A link of the industry chain: the segments and platform kinds that fill it.</summary>
public sealed record ChainLink(string Code, string Name, string Position, string[] Segments, string[] PlatformKinds);

/// <summary>
/// An action-plan target: a metric with a range (min–max) or a threshold to exceed (above), and what it
/// counts. "products-reaching": products at or beyond <see cref="Stage"/> that first reached it on or
/// after <see cref="Since"/>, of the classes in <see cref="Counts"/> ("class-one-medicines",
/// "innovative-devices"); "park-occupancy": the park <see cref="ParkId"/>.
/// </summary>
public sealed record PlanTarget(
    string Id, string Text, string Metric, decimal? Min, decimal? Max, decimal? Above,
    string? ParkId = null, string? Stage = null, string[]? Counts = null, DateOnly? Since = null);

public sealed record ActionPlanVersion(string Version, string Title, DateOnly EffectiveFrom, PlanTarget[] Targets);

/// <summary>The chain map and the action plan's targets, as versioned data.</summary>
public sealed class PictureCatalogue(IReadOnlyList<ChainLink> links, IReadOnlyList<ActionPlanVersion> plans)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<ChainLink> Links { get; } = links;

    public IReadOnlyList<ActionPlanVersion> Plans { get; } = plans.OrderBy(p => p.EffectiveFrom).ToArray();

    /// <summary>The plan in force on a date (the earliest one before any was in force).</summary>
    public ActionPlanVersion PlanOn(DateOnly date) => Plans.LastOrDefault(p => p.EffectiveFrom <= date) ?? Plans[0];

    public static PictureCatalogue LoadEmbedded() =>
        new(Read<LinkFile>("chain-links.json").Links, Read<PlanFile>("action-plan.json").Versions);

    private static T Read<T>(string file)
    {
        var assembly = typeof(PictureCatalogue).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"{file} is empty.");
    }

    private sealed record LinkFile(string Source, ChainLink[] Links);

    private sealed record PlanFile(string Source, ActionPlanVersion[] Versions);
}
