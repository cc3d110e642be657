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

        Validator.TryValidateObject(options.Membership, new ValidationContext(options.Membership), problems, validateAllProperties: true);
        if (problems.Count == 0 && options.SiloAddress == "auto")
        {
            options.SiloAddress = HostAddress()?.ToString()
                ?? throw new StartupException("SiloAddress is auto, but this host has no single non-loopback IPv4 address: set CellValley__SiloAddress.");
        }

        if (problems.Count == 0 && !IPAddress.TryParse(options.SiloAddress, out _))
        {
            problems.Add(new ValidationResult("SiloAddress must be an IP address, e.g. 127.0.0.1 or 10.0.0.5, or auto."));
        }

        if (problems.Count > 0)
        {
            throw new StartupException("Invalid configuration (section CellValley, or CellValley__* variables): "
                + string.Join(" ", problems.Select(p => p.ErrorMessage)));
        }

        return options;
    }

    /// <summary>The host's one non-loopback IPv4 address that is up (a container's address on its network), or null if none or several.</summary>
    private static IPAddress? HostAddress()
    {
        var addresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up
                && n.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .Distinct().ToArray();
        return addresses.Length == 1 ? addresses[0] : null;
    }

    /// <summary>Wires the silo, the API and the dashboard onto a ready (migrated) database.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, CellValleyOptions options, string connectionString)
    {
        builder.Services.AddOptions<CellValleyOptions>()
            .BindConfiguration(CellValleyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddCellValleyApi();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        builder.AddCellValleyTelemetry();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => o.ClusterId = options.ClusterId);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            if (options.Kubernetes)
            {
                // The pod's address and the cluster / service ids from its labels; dead pods' silos are declared dead at once.
                silo.UseKubernetesHosting();
            }
            else
            {
                // Listen on the configured address only (loopback unless a cluster's private address is given).
                silo.ConfigureEndpoints(IPAddress.Parse(options.SiloAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo's grains come back elsewhere once it is declared dead: probe each second, suspect after two
                // missed probes, declare with two silos' votes (one silo's own network trouble cannot kill another alone).
                o.ProbeTimeout = TimeSpan.FromSeconds(options.Membership.ProbeSeconds);
                o.NumMissedProbesLimit = options.Membership.MissedProbes;
                o.NumVotesForDeathDeclaration = options.Membership.VotesForDeath;
                o.NumProbedSilos = options.Membership.ProbedSilos;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(Math.Max(2, options.Membership.ProbeSeconds * 2));
            });
            silo.AddCellValleyStorage(connectionString, options.ServiceId);
            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(options.IdleMinutes);
                o.CollectionQuantum = TimeSpan.FromMinutes(Math.Min(1, options.IdleMinutes / 2));
            });
            silo.AddDashboard();
            if (Telemetry.TracesOn(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }
        });

        var app = builder.Build();
        app.UseCellValleyApi();
        // The dashboard shows every grain and silo: admins only.
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(ApiRoles.AdminPolicy);
        app.MapCellValleyMetrics();
        return app;
    }
}
