using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace CellValley.Tests.Security;

/// <summary>The HTTP API is the only way in: a default service offers Orleans clients nothing to connect to.</summary>
public sealed class NetworkSurfaceTests
{
    [Fact]
    public async Task AnOrleansClientCannotConnectToADefaultSingleProcessService()
    {
        var database = await TestDatabase.GetAsync();
        var clusterId = "surface-" + Guid.NewGuid().ToString("N")[..8];
        var siloPort = Ports.FindFree();
        var environment = new Dictionary<string, string?>
        {
            ["CellValley__ConnectionString"] = database.ConnectionString,
            ["CellValley__ClusterId"] = clusterId,
            ["CellValley__SiloPort"] = siloPort.ToString(),
            ["CellValley__DataDirectory"] = Path.Combine(Path.GetTempPath(), "cv-surface-" + Guid.NewGuid().ToString("N")),
            ["CELLVALLEY_ADMIN_TOKEN"] = "cv_surface_" + Guid.NewGuid().ToString("N"),
        };
        await using var silo = SiloProcess.Start(Ports.FindFree(), environment);
        await silo.WaitReadyAsync();

        // The membership table says what the silo offers: no gateway, an address on loopback.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            var row = await connection.QuerySingleAsync<(string Address, int Port, int ProxyPort)>(
                "SELECT address, port, proxyport FROM orleansmembershiptable WHERE deploymentid = @clusterId AND status = 3", new { clusterId });
            Assert.Equal(("127.0.0.1", siloPort, 0), row);
        }

        // Nothing answers on the default gateway port, and a client that tries gets no connection.
        Assert.False(Accepts(IPAddress.Loopback, 30000), "something listens on the default gateway port 30000");
        using var client = new HostBuilder()
            .UseOrleansClient(c => c
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, 30000))
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "cellvalley";
                }))
            .Build();
        // The client keeps retrying while it finds no gateway; 15 s without a connection is enough.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync(timeout.Token));

        // The silo port is bound to loopback only: the machine's other addresses refuse it.
        foreach (var address in OtherAddresses())
        {
            Assert.False(Accepts(address, siloPort), $"the silo port answers on {address}");
        }
    }

    private static bool Accepts(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IEnumerable<IPAddress> OtherAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
