using CellValley.Api.Auth;
using CellValley.Grains.Common;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CellValley.Silo.Hosting;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core, Npgsql, Orleans (its meter and activity sources) and the registry's own
/// meter (<see cref="RegistryMetrics"/>). Always scraped at /metrics (Prometheus text, admins only); sent over OTLP as well
/// when OTEL_EXPORTER_OTLP_ENDPOINT is set. Logs are plain text unless Logging__Console__FormatterName=json.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddCellValleyTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("cellvalley", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.Orleans")
                    .AddMeter("Npgsql")
                    .AddMeter(RegistryMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, for admins (a token or a session of the admin role).</summary>
    public static WebApplication MapCellValleyMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiRoles.AdminPolicy);
        return app;
    }
}
