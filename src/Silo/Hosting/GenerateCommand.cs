using CellValley.Grains.Taxonomy;
using CellValley.Silo.Generation;

namespace CellValley.Silo.Hosting;

/// <summary>
/// "generate --enterprises N …": fills the configured database (or the embedded one) with a
/// synthetic cluster, through a silo of its own that joins the cluster on free ports.
/// </summary>
public static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, problem) = GeneratorOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"generate: {problem}");
            await Console.Error.WriteLineAsync("usage: generate --enterprises N [--products-per-enterprise 3] [--relations-per-enterprise 2] [--parks 20] [--platforms 200] [--leads 5000] [--seed S] [--parallelism 64]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["CellValley:SiloPort"] = Ports.FindFree().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["CellValley:GatewayPort"] = Ports.FindFree().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = CellValleyHost.ReadOptions(builder.Configuration);
        var dataDirectory = DataDirectory.Resolve(settings.DataDirectory);
        await using var database = await CellValleyProgram.OpenDatabaseAsync(settings, dataDirectory, stopWhenDone: false);
        await using var app = CellValleyHost.Build(builder, settings, database.ConnectionString);
        await app.StartAsync();
        try
        {
            var generator = new ClusterGenerator(app.Services.GetRequiredService<IGrainFactory>(),
                app.Services.GetRequiredService<ClusterTaxonomy>(), TimeProvider.System, Console.WriteLine);
            Console.WriteLine($"Generating {options.Enterprises} enterprises (seed {options.Seed}) …");
            var report = await generator.RunAsync(options, CancellationToken.None);
            Console.WriteLine($"Generated: {report.Enterprises} enterprises, {report.Products} products, {report.Relations} relations, "
                + $"{report.Parks} parks, {report.Units} units, {report.Leases} leases, {report.Platforms} platforms, {report.Leads} leads.");
            Console.WriteLine($"Enterprise rate: {report.EnterprisesPerSecond:F0} enterprises/s (with their tiers, products and funding, through the grains).");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
