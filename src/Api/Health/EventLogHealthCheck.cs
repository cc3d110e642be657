using CellValley.Grains.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CellValley.Api.Health;

/// <summary>
/// Degraded while any entity has a quarantined event flush whose read rows no later change has
/// rewritten (see GET /api/admin/event-faults): the service works, but lists and the picture may
/// show an older state of those entities.
/// </summary>
public sealed class EventLogHealthCheck(EventStore events) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var open = await events.CountOpenFaultsAsync();
            return open == 0
                ? HealthCheckResult.Healthy("every entity's events reached the log and read tables")
                : HealthCheckResult.Degraded($"{open} entit{(open == 1 ? "y has" : "ies have")} quarantined events (GET /api/admin/event-faults)",
                    data: new Dictionary<string, object> { ["entitiesWithFaults"] = open });
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The PostgreSQL check reports the outage; this one has nothing to add.
            return HealthCheckResult.Healthy("not checked: PostgreSQL does not answer");
        }
    }
}
