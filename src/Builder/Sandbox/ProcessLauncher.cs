using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Starts sandbox processes from one dedicated thread that lives as long as this process. Two kernel settings of a
/// child belong to the <em>thread</em> that forked it, not to the process: bubblewrap's <c>--die-with-parent</c>
/// (<c>PR_SET_PDEATHSIG</c> fires when the forking thread ends — a retiring pool thread would kill a running build)
/// and the personality (inherited across fork and exec). Forking from this thread keeps the first tied to the
/// node's lifetime, so the helper shell can <c>exec</c> bubblewrap instead of waiting for it, and lets the thread
/// carry <c>ADDR_NO_RANDOMIZE</c> itself, so no <c>setarch -R</c> process is needed.
/// </summary>
internal sealed partial class ProcessLauncher
{
    private const uint AddrNoRandomize = 0x0040000;
    private const uint QueryPersonality = 0xffffffff;

    private static readonly ConcurrentDictionary<bool, Lazy<ProcessLauncher>> Launchers = new();

    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _queue = [];
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProcessLauncher(bool disableAddressRandomization)
    {
        var thread = new Thread(() => Run(disableAddressRandomization))
        {
            IsBackground = true,
            Name = disableAddressRandomization ? "sandbox launcher (no ASLR)" : "sandbox launcher",
        };
        thread.Start();
        AddressRandomizationDisabled = _ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>Whether children of this launcher start with <c>ADDR_NO_RANDOMIZE</c> (false if the kernel refused it).</summary>
    public bool AddressRandomizationDisabled { get; }

    /// <summary>The launcher whose children have address randomisation disabled or not.</summary>
    public static ProcessLauncher For(bool disableAddressRandomization) =>
        Launchers.GetOrAdd(disableAddressRandomization, d => new Lazy<ProcessLauncher>(() => new ProcessLauncher(d))).Value;

    /// <summary>Starts <paramref name="start"/> on the launcher thread.</summary>
    public Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((start, started));
        return started.Task;
    }

    private void Run(bool disableAddressRandomization)
    {
        var disabled = false;
        if (disableAddressRandomization)
        {
            var current = Personality(QueryPersonality);
            disabled = current >= 0 && Personality((uint)current | AddrNoRandomize) >= 0;
        }

        _ready.SetResult(disabled);
        foreach (var (start, started) in _queue.GetConsumingEnumerable())
        {
            try
            {
                InheritedDescriptors.MarkCloseOnExec();
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}"));
            }
            catch (Exception error)
            {
                started.SetException(error);
            }
        }
    }

    // personality(2) sets the calling thread's persona only; children forked by it inherit it.
    [LibraryImport("libc", EntryPoint = "personality", SetLastError = true)]
    private static partial int Personality(uint persona);
}
