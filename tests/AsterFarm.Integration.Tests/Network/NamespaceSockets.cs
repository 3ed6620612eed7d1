using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AsterFarm.Integration.Tests.Network;

/// <summary>
/// Sockets that live in a network namespace while the test process stays in the root one: a socket belongs to the
/// namespace of the thread that created it, so a short-lived thread enters the namespace (<c>setns</c>, which is per
/// thread), creates the socket and leaves. Used to test reachability between namespaces without extra tools (no
/// ping or netcat on the machines).
/// </summary>
internal static partial class NamespaceSockets
{
    private const int NewNetworkNamespace = 0x40000000; // CLONE_NEWNET

    /// <summary>A TCP listener on <paramref name="address"/> (port chosen by the kernel) inside the namespace <paramref name="name"/>.</summary>
    public static TcpListener Listen(string name, string address) =>
        InNamespace(name, () =>
        {
            var listener = new TcpListener(IPAddress.Parse(address), 0);
            listener.Start();
            return listener;
        });

    /// <summary>Whether a TCP connection from inside <paramref name="name"/> to <paramref name="target"/> opens within <paramref name="timeout"/>.</summary>
    public static async Task<bool> CanConnectAsync(string name, IPEndPoint target, TimeSpan timeout)
    {
        using var client = InNamespace(name, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(target, deadline.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static T InNamespace<T>(string name, Func<T> create)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(Path.Combine("/run/netns", name));
                Enter(target.DangerousGetHandle(), name);
                try
                {
                    result = create();
                }
                finally
                {
                    Enter(own.DangerousGetHandle(), "the root namespace");
                }
            }
            catch (Exception error)
            {
                failure = error;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"in network namespace {name}: {failure.Message}", failure);
    }

    private static void Enter(IntPtr descriptor, string what)
    {
        if (SetNamespace(checked((int)descriptor), NewNetworkNamespace) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {what} failed ({IpCommand.Hint})");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int descriptor, int type);
}
