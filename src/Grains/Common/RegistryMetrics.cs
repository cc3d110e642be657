using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CellValley.Grains.Common;

/// <summary>The registry's own measurements (meter <see cref="MeterName"/>), exported with the runtime's by OpenTelemetry.</summary>
public static class RegistryMetrics
{
    public const string MeterName = "CellValley.Registry";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Grain commands (calls answering an outcome), by grain type and outcome (ok, invalid, not-found, …, or exception).</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("cellvalley.commands", "{command}", "Grain commands by grain type and outcome");

    /// <summary>From an event's commit to the grain's state to its arrival in the event log (and the read tables).</summary>
    public static readonly Histogram<double> EventLogLag = Meter.CreateHistogram<double>("cellvalley.event_log.lag", "ms", "Time from a committed change to its event-log row");

    /// <summary>Time to compute the cluster picture (a view or a date).</summary>
    public static readonly Histogram<double> PictureCompute = Meter.CreateHistogram<double>("cellvalley.picture.compute", "ms", "Time to compute the cluster picture");

    /// <summary>Spreadsheet rows committed by imports, by kind.</summary>
    public static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("cellvalley.import.rows", "{row}", "Rows committed by imports, by kind");

    public static void Command(string grainType, string outcome) =>
        Commands.Add(1, new TagList { { "grain", grainType }, { "outcome", outcome } });
}

/// <summary>An outcome of any type, for measuring.</summary>
public interface IOutcome
{
    OutcomeKind Kind { get; }
}

/// <summary>Counts every grain command by grain type and outcome.</summary>
public sealed class CommandMetricsFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch
        {
            RegistryMetrics.Command(context.Grain?.GetType().Name ?? "unknown", "exception");
            throw;
        }

        if (context.Result is IOutcome outcome)
        {
            RegistryMetrics.Command(context.Grain?.GetType().Name ?? "unknown", outcome.Kind.ToString().ToLowerInvariant());
        }
    }
}
