using System.Net.Http.Headers;
using CellValley.Api.Auth;
using CellValley.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CellValley.Tests.Infrastructure;

/// <summary>
/// The real service (silo co-hosting the API, Kestrel on a free loopback port) on the test
/// database; tests talk to it over HTTP.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    /// <summary>The connection string the service uses; the shared test database unless a subclass wants its own.</summary>
    protected virtual Task<string> ConnectionStringAsync(TestDatabase database) => Task.FromResult(database.ConnectionString);

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _app.Services;

    public TestDatabase Database { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>Lets a subclass change the service's settings.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Lets a subclass put its own services in before the service's (a clock it sets).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.GetAsync();
        ConnectionString = await ConnectionStringAsync(Database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var settings = new Dictionary<string, string?>
        {
            ["CellValley:ConnectionString"] = ConnectionString,
            ["CellValley:ClusterId"] = "api-tests-" + Guid.NewGuid().ToString("N")[..8],
            ["CellValley:ServiceId"] = "cellvalley-api-tests",
            ["CellValley:SiloPort"] = Ports.FindFree().ToString(),
            // The suite sends many requests and many bad tokens from one address; LimitsTests checks the limits.
            ["CellValley:Limits:RequestsPerSecondPerToken"] = "0",
            ["CellValley:Limits:AuthFailuresPerMinute"] = "1000000",
        };
        Configure(settings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        ConfigureServices(builder.Services);
        var options = CellValleyHost.ReadOptions(builder.Configuration);
        _app = CellValleyHost.Build(builder, options, ConnectionString);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        AdminToken = await MintAsync(ApiRoles.Admin);
    }

    public virtual async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Mints a token straight in the token table.</summary>
    public async Task<string> MintAsync(string role, string? scope = null)
    {
        var tokens = _app.Services.GetRequiredService<TokenStore>();
        var (_, secret) = await tokens.MintAsync(role, scope, $"test {role}", "tests");
        return secret;
    }

    /// <summary>An account with a known password (no change required), created in the store directly.</summary>
    public async Task<(string Username, string Password)> AccountAsync(string role, string? scope = null, string? displayName = null)
    {
        var username = role.Replace("-", "", StringComparison.Ordinal) + Guid.NewGuid().ToString("N")[..8];
        var password = NewPassword();
        await _app.Services.GetRequiredService<AccountStore>()
            .CreateAsync(username, displayName ?? $"测试 {role}", role, scope, password, mustChange: false, "tests");
        return (username, password);
    }

    /// <summary>A password that passes the rules (letters and digits, 10+ characters), new for every call: no fixed secret in the tests.</summary>
    public static string NewPassword() => "Pw7" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A browser-like client: keeps the cookies the service sets, sends no token, asks in Chinese by default.</summary>
    public HttpClient SessionClient(string? language = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        return client;
    }

    /// <summary>
    /// An HTTP client for the service, authenticated with the token when one is given. It asks for
    /// English messages, which the assertions quote; <see cref="LocalizationTests"/> checks the Chinese default.
    /// </summary>
    public HttpClient Client(string? token = null, string? language = "en")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>The service on a database of its own, for tests that count everything in it (the picture).</summary>
public class IsolatedApiFixture : ApiFixture
{
    protected override async Task<string> ConnectionStringAsync(TestDatabase database)
    {
        var connectionString = CellValley.Silo.Hosting.SiloSetup.Tune(await database.CreateDatabaseAsync("cv_picture"), 40);
        await CellValley.Silo.Hosting.SchemaMigrator.MigrateAsync(connectionString);
        return connectionString;
    }
}
