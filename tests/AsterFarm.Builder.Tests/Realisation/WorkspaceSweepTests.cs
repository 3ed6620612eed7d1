using System.Diagnostics;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Realisation;

public sealed class WorkspaceSweepTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"asterfarm-sweep-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Run($"chmod -R u+rwx '{_root}'; rm -rf '{_root}'");
        }
    }

    [Fact]
    public void A_starting_builder_removes_the_work_directories_a_killed_node_left_but_not_live_or_kept_ones()
    {
        var work = Path.Combine(_root, "work");
        var stale = Path.Combine(work, $"{new string('a', 32)}-{Guid.NewGuid():N}");
        // What a killed build leaves: read-only store directories, a name that is not UTF-8, nesting past PATH_MAX.
        Directory.CreateDirectory(stale);
        Run(
            $"cd '{stale}' && : > .lock && mkdir -p store/out/sub && : > \"store/out/sub/$(printf 'a\\377b')\" && " +
            "mkdir deep && cd deep && i=0; while [ $i -lt 1400 ]; do mkdir dd; cd dd; i=$((i+1)); done; : > f; " +
            $"chmod 0555 '{stale}/store/out/sub' '{stale}/store/out'");
        var unrelated = Path.Combine(work, "operator-notes");
        Directory.CreateDirectory(unrelated);
        var drv = StorePath.Parse(new string('b', 32) + "-live.drv");
        var node = new BuilderNodeOptions { StoreDirectory = Path.Combine(_root, "store"), WorkDirectory = work };
        var live = new BuildWorkspace(work, drv, keep: false);
        var kept = new BuildWorkspace(work, drv, keep: true);
        kept.Dispose();

        using (BuilderServices.Create(node, new SandboxOptions(), new Uri("http://127.0.0.1:9/"), null))
        {
            Assert.False(Directory.Exists(stale), $"the stale work directory {stale} is still there");
            Assert.True(Directory.Exists(live.Root), "a live build's work directory was removed");
            Assert.True(Directory.Exists(kept.Root), "a work directory kept for debugging was removed");
            Assert.True(Directory.Exists(unrelated), "a directory that is no workspace was removed");
        }

        live.Dispose();
        Assert.False(Directory.Exists(live.Root));
    }

    private static void Run(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sh -c {script}: {error}");
    }
}
