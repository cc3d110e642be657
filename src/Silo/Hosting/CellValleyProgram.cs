using System.Net.Sockets;
using CellValley.Api.Auth;
using CellValley.Api.Errors;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// The service's entry point: reads settings, starts the embedded PostgreSQL unless a connection
/// string is given, applies the schema, then runs the silo with the API until Ctrl-C.
/// </summary>
public static class CellValleyProgram
{
    public const string DefaultUrl = "http://localhost:5000";

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "token")
            {
                return await TokenCommand.RunAsync(args[1..]);
            }

            if (args.Length > 0 && args[0] == "openapi")
            {
                return await OpenApiCommand.RunAsync(args[1..]);
            }

            if (args.Length > 0 && args[0] == "generate")
            {
                return await GenerateCommand.RunAsync(args[1..]);
            }

            await RunServiceAsync(args);
            return 0;
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync("cellvalley: " + ex.Message);
            return 1;
        }
    }

    private static async Task RunServiceAsync(string[] args)
    {
        // appsettings.json ships beside the binary; the working directory may be anywhere.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = CellValleyHost.ReadOptions(builder.Configuration);
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(urls);
        }

        CheckPorts(urls, options);
        var dataDirectory = DataDirectory.Resolve(options.DataDirectory);
        await using var database = await OpenDatabaseAsync(options, dataDirectory);
        if (database.Started is { } server)
        {
            builder.Services.AddHostedService(sp => new PostgresSupervisor(
                server, sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<PostgresSupervisor>>()));
        }

        var app = CellValleyHost.Build(builder, options, database.ConnectionString);
        // Silos starting together take turns: the first admin token and account are made once.
        await SchemaMigrator.Exclusively(database.ConnectionString, async () =>
        {
            await AdminBootstrap.EnsureAsync(app.Services.GetRequiredService<TokenStore>(), dataDirectory, Console.WriteLine);
            await AccountBootstrap.EnsureAsync(app.Services.GetRequiredService<AccountStore>(), dataDirectory, Console.WriteLine);
            return true;
        });
        app.Lifetime.ApplicationStarted.Register(() => PrintAddresses(app));
        try
        {
            await app.RunAsync();
        }
        catch (IOException ex) when (ex.InnerException is SocketException or Microsoft.AspNetCore.Connections.AddressInUseException
                                     || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException($"Cannot listen on {urls}: {ex.Message} Stop the other process or set ASPNETCORE_URLS, e.g. http://localhost:5080.");
        }
    }

    /// <summary>The database to use: the configured one, or the embedded one started here.</summary>
    public static async Task<Database> OpenDatabaseAsync(CellValleyOptions options, string dataDirectory, bool stopWhenDone = true)
    {
        EmbeddedPostgres? embedded = null;
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embedded = await EmbeddedPostgres.StartAsync(dataDirectory, options.Postgres.Port, options.Postgres.BinDirectory, Console.WriteLine);
            connectionString = embedded.ConnectionString;
        }

        var tuned = SiloSetup.Tune(connectionString, options.MaxPoolSize);
        try
        {
            var applied = await SchemaMigrator.MigrateAsync(tuned);
            if (applied.Count > 0)
            {
                Console.WriteLine($"Database schema: applied {applied.Count} migration(s).");
            }

            if (await DerivedColumns.RefreshAsync(tuned, ClusterTaxonomy.LoadEmbedded()) is > 0 and var refreshed)
            {
                Console.WriteLine($"Class-I flags brought up to the registration-class vocabulary: {refreshed} product(s).");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ArgumentException)
        {
            if (embedded is not null)
            {
                await embedded.StopAsync();
            }

            var where = new NpgsqlConnectionStringBuilder(tuned);
            throw new StartupException($"Cannot use PostgreSQL at {where.Host}:{where.Port}/{where.Database}: {ex.Message} "
                + "Check CellValley__ConnectionString, or leave it empty to use the embedded server.");
        }

        return new Database(tuned, embedded is not null && (stopWhenDone || !embedded.WasRunning) ? embedded : null,
            embedded is { WasRunning: false } ? embedded : null);
    }

    private static void CheckPorts(string urls, CellValleyOptions options)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri)
                && uri.Port > 0 && !Ports.IsFree(uri.Port))
            {
                throw new StartupException($"Port {uri.Port} is busy (another CellValley, or another program): stop it, or set ASPNETCORE_URLS to a free port, e.g. http://localhost:{uri.Port + 80}.");
            }
        }

        foreach (var (port, setting) in new[] { (options.SiloPort, "SiloPort"), (options.GatewayPort, "GatewayPort") })
        {
            if (port > 0 && !Ports.IsFree(port, System.Net.IPAddress.Parse(options.SiloAddress)))
            {
                throw new StartupException($"Orleans port {port} is busy: stop the other silo, or set CellValley__{setting} to a free port.");
            }
        }
    }

    private static void PrintAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"CellValley is running. Console: {address}   API: {address}/api   Swagger UI: {address}/swagger   Health: {address}/health/ready");
        }

        Console.WriteLine("Press Ctrl-C to stop.");
    }

    /// <summary>A ready database; disposing stops the embedded server when this process started it.</summary>
    public sealed class Database(string connectionString, EmbeddedPostgres? owned, EmbeddedPostgres? started) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        /// <summary>The embedded server this process started (and so looks after), if any.</summary>
        public EmbeddedPostgres? Started { get; } = started;

        public async ValueTask DisposeAsync()
        {
            if (owned is not null)
            {
                await owned.StopAsync();
            }
        }
    }
}
