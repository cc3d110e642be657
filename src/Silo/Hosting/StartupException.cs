namespace CellValley.Silo.Hosting;

/// <summary>A start-up problem the operator can fix; its message says how. Printed as one line.</summary>
public sealed class StartupException(string message) : Exception(message);
