using System.ComponentModel.DataAnnotations;
using System.Net;
using CellValley.Api;
using CellValley.Api.Auth;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CellValley.Silo.Hosting;

/// <summary>Builds the one-process service: an Orleans silo co-hosting the HTTP API.</summary>
public static class CellValleyHost
{
    /// <summary>Reads and checks the CellValley settings; the message says what to fix.</summary>
    public static CellValleyOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(CellValleyOptions.Section).Get<CellValleyOptions>() ?? new CellValleyOptions();
        var problems = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true);
        Validator.TryValidateObject(options.Postgres, new ValidationContext(options.Postgres), problems, validateAllProperties: true);
        if (options.SiloPort == options.GatewayPort)
        {
            problems.Add(new ValidationResult("SiloPort and GatewayPort must differ."));
        }

        if (problems.Count == 0 && !IPAddress.TryParse(options.SiloAddress, out _))
        {
            problems.Add(new ValidationResult("SiloAddress must be an IP address, e.g. 127.0.0.1 or 10.0.0.5."));
        }

        if (problems.Count > 0)
        {
            throw new StartupException("Invalid configuration (section CellValley, or CellValley__* variables): "
                + string.Join(" ", problems.Select(p => p.ErrorMessage)));
        }

        return options;
    }

    /// <summary>Wires the silo, the API and the dashboard onto a ready (migrated) database.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, CellValleyOptions options, string connectionString)
    {
        builder.Services.AddOptions<CellValleyOptions>()
            .BindConfiguration(CellValleyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddCellValleyApi();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => o.ClusterId = options.ClusterId);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            // Listen on the configured address only (loopback unless a cluster's private address is given).
            silo.ConfigureEndpoints(IPAddress.Parse(options.SiloAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.AddCellValleyStorage(connectionString, options.ServiceId);
            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(options.IdleMinutes);
                o.CollectionQuantum = TimeSpan.FromMinutes(Math.Min(1, options.IdleMinutes / 2));
            });
            silo.AddDashboard();
        });

        var app = builder.Build();
        app.UseCellValleyApi();
        // The dashboard shows every grain and silo: admins only.
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(ApiRoles.AdminPolicy);
        return app;
    }
}
