using System.Text.Json;

namespace CellValley.Grains.Taxonomy;

/// <summary>A segment (赛道) and where it sits on the industry chain.</summary>
public sealed record Segment(string Name, string English, string Chain);

/// <summary>A rung of the cultivation ladder (梯度培育).</summary>
public sealed record Tier(string Code, string Name, int Rank, int? ValidityYears);

/// <summary>
/// The segment and tier lists, kept as data files shipped with the service so that a new segment
/// or tier is a data change, not a code change.
/// </summary>
public sealed class ClusterTaxonomy
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, Segment> _segments;
    private readonly Dictionary<string, Tier> _tiers;

    public ClusterTaxonomy(IEnumerable<Segment> segments, IEnumerable<Tier> tiers)
    {
        Segments = segments.ToArray();
        Tiers = tiers.OrderBy(t => t.Rank).ToArray();
        _segments = Segments.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _tiers = new Dictionary<string, Tier>(StringComparer.OrdinalIgnoreCase);
        foreach (var tier in Tiers)
        {
            _tiers[tier.Code] = tier;
            _tiers[tier.Name] = tier;
        }
    }

    public IReadOnlyList<Segment> Segments { get; }

    public IReadOnlyList<Tier> Tiers { get; }

    public Tier NoTier => _tiers["none"];

    public bool IsSegment(string name) => _segments.ContainsKey(name);

    /// <summary>Finds a tier by its code (eaglet) or Chinese name (雏鹰).</summary>
    public Tier? FindTier(string? codeOrName) =>
        codeOrName is not null && _tiers.TryGetValue(codeOrName.Trim(), out var tier) ? tier : null;

    /// <summary>Loads the lists shipped inside this assembly.</summary>
    public static ClusterTaxonomy LoadEmbedded()
    {
        var segments = Read<SegmentFile>("segments.json").Segments;
        var tiers = Read<TierFile>("tiers.json").Tiers;
        return new ClusterTaxonomy(segments, tiers);
    }

    private static T Read<T>(string file)
    {
        var assembly = typeof(ClusterTaxonomy).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return JsonSerializer.Deserialize<T>(stream, Json)
            ?? throw new InvalidOperationException($"Taxonomy file {file} is empty.");
    }

    private sealed record SegmentFile(string Version, Segment[] Segments);

    private sealed record TierFile(string Version, Tier[] Tiers);
}
