using System.Net;
using System.Net.Sockets;

namespace CellValley.Silo.Hosting;

public static class Ports
{
    /// <summary>True when nothing listens on the port (checked by binding it briefly).</summary>
    public static bool IsFree(int port, IPAddress? address = null)
    {
        try
        {
            using var listener = new TcpListener(address ?? IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port the OS considers free right now.</summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
