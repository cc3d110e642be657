using System.Net;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CellValley.Api.Auth;

/// <summary>
/// The keys that sign session cookies and antiforgery tokens, kept in PostgreSQL (cv_dataprotection_keys) so that every
/// silo of a cluster reads the same ring: a person signed in through one silo stays signed in whichever silo the load
/// balancer picks next, and a silo's restart (a new container) signs no one out. Who can read the table can forge
/// sessions — as who can write any table can change the registry: the database is the trust boundary either way.
/// </summary>
public sealed class PostgresKeyRing(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("SELECT xml FROM cv_dataprotection_keys ORDER BY created_at").Select(x => XElement.Parse(x)).ToArray();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO cv_dataprotection_keys (name, xml) VALUES (@friendlyName, @xml) ON CONFLICT (name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}

/// <summary>The cluster's shared key ring, and which proxies' X-Forwarded-For is believed.</summary>
public static class ClusterHttp
{
    /// <summary>Configuration key: the load balancers' addresses or networks (comma-separated, e.g. 172.30.0.10/32), whose X-Forwarded-For names the client.</summary>
    public const string TrustedProxiesKey = "CellValley:Network:TrustedProxies";

    public static IServiceCollection AddClusterKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("cellvalley");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresKeyRing(provider.GetRequiredService<NpgsqlDataSource>())));
        return services;
    }

    /// <summary>
    /// Behind a load balancer every request comes from its address: the client's own (for the per-address limit on failed
    /// sign-ins, and the logs) is taken from X-Forwarded-For — only when the request comes from a configured proxy.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var trusted = app.Configuration[TrustedProxiesKey];
        if (string.IsNullOrWhiteSpace(trusted))
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var entry in trusted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/'))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
