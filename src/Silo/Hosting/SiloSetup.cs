using Microsoft.Extensions.DependencyInjection.Extensions;
using CellValley.Grains;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Funding;
using CellValley.Grains.Leads;
using CellValley.Grains.Relations;
using CellValley.Grains.Tiers;
using CellValley.Grains.Taxonomy;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace CellValley.Silo.Hosting;

/// <summary>The parts of a silo every host shares: the test cluster and the service alike.</summary>
public static class SiloSetup
{
    /// <summary>Adds the pool cap, a short connect timeout, statement auto-preparation, no session reset on pool return and an application name, unless set.</summary>
    public static string Tune(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant();
        if (!given.Contains("maximum pool size") && !given.Contains("maxpoolsize"))
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        if (!given.Contains("timeout"))
        {
            // Fail fast when PostgreSQL is down, so that the API answers 503 quickly.
            builder.Timeout = 3;
        }

        if (!given.Contains("auto prepare") && !given.Contains("maxautoprepare"))
        {
            // The same few dozen statements run all day: prepared once per connection, PostgreSQL
            // skips parsing and planning them on every command.
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains("no reset on close") && !given.Contains("noresetonclose"))
        {
            // Our commands leave no session state behind; skip resetting it on every pool return.
            builder.NoResetOnClose = true;
        }

        builder.ApplicationName ??= "cellvalley";
        return builder.ConnectionString;
    }

    /// <summary>Services the grains use: database access, event log, taxonomy, clock.</summary>
    public static IServiceCollection AddCellValleyGrainServices(this IServiceCollection services, string connectionString)
    {
        DapperTypes.Register();
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(ClusterTaxonomy.LoadEmbedded());
        services.AddSingleton(GrantPolicies.LoadEmbedded());
        services.AddSingleton(TierCriteria.LoadEmbedded());
        services.AddSingleton(LeadCatalogue.LoadEmbedded());
        services.AddSingleton(TimeProvider.System);
        services.TryAddSingleton(new Grains.Plans.SupervisionClock(TimeProvider.System));
        services.AddSingleton<Grains.Inbox.InboxBuilder>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EntityDirectory>();
        services.AddSingleton<OutboxRelay>();
        return services;
    }

    /// <summary>Grain storage and reminders on PostgreSQL with System.Text.Json payloads.</summary>
    public static ISiloBuilder AddCellValleyStorage(this ISiloBuilder silo, string connectionString, string serviceId)
    {
        silo.Configure<ClusterOptions>(o => o.ServiceId = serviceId);
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<Orleans.Serialization.SystemTextJsonGrainStorageSerializerOptions>(o =>
        {
            o.JsonSerializerOptions.Converters.Add(new SharedStrings());
            // State documents are parsed only by this serializer, never embedded in HTML: Chinese
            // text is stored as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6).
            o.JsonSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Registry, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
        silo.AddIncomingGrainCallFilter<CommandMetricsFilter>();
        silo.Services.AddCellValleyGrainServices(connectionString);
        return silo;
    }
}
