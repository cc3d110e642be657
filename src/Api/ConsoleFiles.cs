using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace CellValley.Api;

/// <summary>
/// The web console (src/Web, built into the service's wwwroot by the .NET build) served at "/": its
/// files, and index.html for any other path that is not the API's, Swagger's, the health checks' or the
/// dashboard's (client-side routes). The shell holds no data: every figure comes from the API, which
/// asks for a session or a token.
/// </summary>
public static class ConsoleFiles
{
    /// <summary>Configuration key for the folder of the built console; default: wwwroot beside the service.</summary>
    public const string DirectoryKey = "CellValley:ConsoleDirectory";

    private static readonly string[] ServerPaths = ["/api", "/swagger", "/health", "/dashboard"];

    /// <summary>
    /// The console's scripts, styles and pages go compressed (Brotli or gzip). API answers (JSON) do not:
    /// compressing answers that mix secrets with what a caller sent leaks them over HTTPS (BREACH).
    /// </summary>
    public static IServiceCollection AddConsoleCompression(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/javascript", "application/javascript", "text/css", "text/html", "image/svg+xml"];
        });

    public static WebApplication UseConsoleFiles(this WebApplication app)
    {
        var directory = app.Configuration[DirectoryKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var index = Path.Combine(directory, "index.html");
        if (!File.Exists(index))
        {
            app.MapGet("/", () => Results.Content(NotBuilt, "text/html; charset=utf-8")).ExcludeFromDescription();
            return app;
        }

        var files = new PhysicalFileProvider(directory);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".br"] = "application/octet-stream";
        types.Mappings[".gz"] = "application/octet-stream";
        app.Use((context, next) => ServePrecompressed(context, next, files, types));
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var response = context.Context.Response;
                if (context.Context.Items[PrecompressedKey] is (string type, string encoding))
                {
                    response.ContentType = type;
                    response.Headers.ContentEncoding = encoding;
                }

                response.Headers.Vary = "Accept-Encoding";
                // Vite names every asset by its content: it never changes under the same name.
                response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        app.MapFallback(async context =>
        {
            if (ServerPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).ExcludeFromDescription();
        return app;
    }

    private const string PrecompressedKey = "cv:precompressed";

    /// <summary>
    /// The build writes .br and .gz copies of the console's files (compressed once, at the highest
    /// levels): a browser that accepts them gets one instead of the file compressed on the fly.
    /// </summary>
    private static Task ServePrecompressed(HttpContext context, RequestDelegate next, IFileProvider files, FileExtensionContentTypeProvider types)
    {
        var path = context.Request.Path.Value;
        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && path is not null
            && path.StartsWith("/assets/", StringComparison.Ordinal) && types.TryGetContentType(path, out var type))
        {
            var accepted = context.Request.Headers.AcceptEncoding.ToString();
            foreach (var (encoding, extension) in new[] { ("br", ".br"), ("gzip", ".gz") })
            {
                if (accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase) && files.GetFileInfo(path + extension).Exists)
                {
                    context.Request.Path = path + extension;
                    context.Items[PrecompressedKey] = (type, encoding);
                    break;
                }
            }
        }

        return next(context);
    }

    private const string NotBuilt = """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>细胞谷产业集群登记系统</title></head>
        <body style="font-family: sans-serif; margin: 3em">
        <h1>控制台尚未构建</h1>
        <p>服务已运行，但网页控制台的文件不在本服务旁边。安装 Node.js 20.19 或更高版本（Debian：apt-get install nodejs npm）后重新运行 <code>dotnet build</code> 或 <code>dotnet run --project src/Silo</code> 即可。</p>
        <p>接口文档：<a href="/swagger">/swagger</a></p>
        </body></html>
        """;
}
