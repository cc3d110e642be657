using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace CellValley.Silo.Hosting;

/// <summary>
/// "openapi &lt;file&gt;": writes the OpenAPI document of the HTTP API without a database or a
/// running silo — the service is built, never started (the build and CI use it).
/// </summary>
public static class OpenApiCommand
{
    /// <summary>A connection string that is never opened: the document needs the routes, not the data.</summary>
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Username=openapi;Password=unused;Database=unused";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: openapi <file.json>");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // A started application hands its routes to ApiExplorer; this one is never started, so it hands them over here.
        var routes = new RoutesOf();
        builder.Services.AddSingleton<EndpointDataSource>(routes);
        var options = CellValleyHost.ReadOptions(builder.Configuration);
        await using var app = CellValleyHost.Build(builder, options, NoDatabase);
        routes.Source = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources);
        var document = app.Services.GetRequiredService<ISwaggerProvider>().GetSwagger("v1");
        var path = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = File.Create(path))
        {
            await document.SerializeAsJsonAsync(file, OpenApiSpecVersion.OpenApi3_0);
        }

        Console.WriteLine($"OpenAPI document written to {path}");
        return 0;
    }

    /// <summary>The application's endpoints, once it is built.</summary>
    private sealed class RoutesOf : EndpointDataSource
    {
        public EndpointDataSource? Source { get; set; }

        public override IReadOnlyList<Endpoint> Endpoints => Source?.Endpoints ?? [];

        public override IChangeToken GetChangeToken() => Source?.GetChangeToken() ?? NullChangeToken.Singleton;
    }
}
