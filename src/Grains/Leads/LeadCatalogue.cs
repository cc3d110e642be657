using System.Text.Json;

namespace CellValley.Grains.Leads;

/// <summary>A stage of the pipeline; leads idle in it longer than StaleAfterDays are stale.</summary>
public sealed record LeadStage(string Code, string Name, int Rank, int? StaleAfterDays);

/// <summary>The pipeline's stages, statuses, sources and activity types, as data (leads.json).</summary>
public sealed record LeadCatalogue(string Source, LeadStage[] Stages, string[] Statuses, string[] Sources, string[] ActivityTypes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public LeadStage? FindStage(string? code) => Stages.FirstOrDefault(s => s.Code == code);

    public static LeadCatalogue LoadEmbedded()
    {
        var assembly = typeof(LeadCatalogue).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".leads.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return JsonSerializer.Deserialize<LeadCatalogue>(stream, Json) ?? throw new InvalidOperationException("leads.json is empty.");
    }
}
