using System.Net;
using System.Net.Sockets;

namespace AsterFarm.Integration.Tests.Processes;

/// <summary>Loopback TCP ports nobody listens on, found by letting the kernel choose.</summary>
internal static class FreePorts
{
    /// <summary><paramref name="count"/> distinct free ports (all listeners stay open until every port is chosen).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
