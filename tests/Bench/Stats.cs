using System.Globalization;

namespace CellValley.Bench;

/// <summary>Latency samples in milliseconds and their percentiles.</summary>
public sealed class Stats(string name)
{
    private readonly List<double> _samples = [];

    public string Name { get; } = name;

    public int Count => _samples.Count;

    public void Add(double milliseconds) => _samples.Add(milliseconds);

    public double Percentile(double p)
    {
        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name,-44} | {Count,5} | {Percentile(50),9:F1} | {Percentile(95),9:F1} | {Percentile(99),9:F1} |");
}
