using System.Text.Json;

namespace CellValley.Grains.Taxonomy;

/// <summary>A segment (赛道) and where it sits on the industry chain.</summary>
public sealed record Segment(string Name, string English, string Chain);

/// <summary>A kind of product (疫苗, CAR-T, 第三类医疗器械 …).</summary>
public sealed record ProductKind(string Code, string Name, bool Device);

/// <summary>A rung of the product development ladder; a higher rank is further along.</summary>
public sealed record ProductStage(string Code, string Name, int Rank);

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

    private readonly Dictionary<string, ProductKind> _kinds;
    private readonly Dictionary<string, ProductStage> _stages;
    private readonly HashSet<string> _classOne;

    public ClusterTaxonomy(IEnumerable<Segment> segments, IEnumerable<Tier> tiers, ProductCatalogue products)
    {
        ProductKinds = products.Kinds;
        ProductStages = products.Stages.OrderBy(s => s.Rank).ToArray();
        _kinds = ProductKinds.ToDictionary(k => k.Code, StringComparer.OrdinalIgnoreCase);
        _stages = ProductStages.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        _classOne = products.ClassOneRegistrationClasses.Values.SelectMany(v => v).Select(NormalizeClass).ToHashSet(StringComparer.Ordinal);
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

    public IReadOnlyList<ProductKind> ProductKinds { get; }

    public IReadOnlyList<ProductStage> ProductStages { get; }

    public Tier NoTier => _tiers["none"];

    public ProductKind? FindKind(string? code) => code is not null && _kinds.TryGetValue(code.Trim(), out var kind) ? kind : null;

    public ProductStage? FindStage(string? code) => code is not null && _stages.TryGetValue(code.Trim(), out var stage) ? stage : null;

    /// <summary>True for a class-I (innovative) new drug's registration class, in any of NMPA's wordings (products.json).</summary>
    public bool IsClassOne(string? registrationClass) => registrationClass is not null && _classOne.Contains(NormalizeClass(registrationClass));

    /// <summary>A registration class as written by anyone: no spaces, half-width, upper-case Latin, without 第 and 注册分类.</summary>
    public static string NormalizeClass(string registrationClass)
    {
        var text = registrationClass.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();
        text = text.Replace("注册分类", "", StringComparison.Ordinal).Replace("第", "", StringComparison.Ordinal);
        return string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
    }

    public bool IsSegment(string name) => _segments.ContainsKey(name);

    /// <summary>Finds a tier by its code (eaglet) or Chinese name (雏鹰).</summary>
    public Tier? FindTier(string? codeOrName) =>
        codeOrName is not null && _tiers.TryGetValue(codeOrName.Trim(), out var tier) ? tier : null;

    /// <summary>Loads the lists shipped inside this assembly.</summary>
    public static ClusterTaxonomy LoadEmbedded()
    {
        var segments = Read<SegmentFile>("segments.json").Segments;
        var tiers = Read<TierFile>("tiers.json").Tiers;
        return new ClusterTaxonomy(segments, tiers, Read<ProductCatalogue>("products.json"));
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

/// <summary>The products.json data file: kinds, the stage ladder and what counts as class I.</summary>
public sealed record ProductCatalogue(string Version, ProductKind[] Kinds, ProductStage[] Stages, Dictionary<string, string[]> ClassOneRegistrationClasses);
