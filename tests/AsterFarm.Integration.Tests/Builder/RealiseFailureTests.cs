using System.Net;
using System.Net.Sockets;
using System.Text;
using AsterFarm.Builder.Realisation;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Builder;

/// <summary>
/// Builds that misbehave fail with a clear reason and the right failure class, and the node stays healthy: no
/// process of the build survives, no work directory is left, and the next build on the same node succeeds.
/// </summary>
public sealed class RealiseFailureTests
{
    [Fact]
    public async Task A_build_that_creates_another_store_path_fails_as_writing_outside_its_outputs()
    {
        var result = await RealiseOneAsync(unique => $"echo > $out; echo evil > /nix/store/{new string('a', 32)}-evil-{unique}");

        Assert.Equal(FailureKind.WroteOutsideOutputs, result.Failure?.Kind);
        Assert.Contains("wrote outside its outputs", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Build, result.Failure.Class);
    }

    [Fact]
    public async Task A_build_that_writes_to_the_host_file_system_fails_with_a_read_only_error()
    {
        var result = await RealiseOneAsync(unique => $"echo x > /etc/asterfarm-{unique} && echo > $out");

        Assert.Equal(FailureKind.BuilderFailed, result.Failure?.Kind);
        Assert.Contains("failed with exit code", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", result.Failure.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_that_is_not_fixed_output_cannot_open_a_network_socket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await RealiseOneAsync(_ => $"/usr/bin/bash -c 'echo hello > /dev/tcp/127.0.0.1/{port}' && echo > $out");

        Assert.Equal(FailureKind.BuilderFailed, result.Failure?.Kind);
        Assert.False(listener.Pending(), "the builder reached the host's loopback");
    }

    [Fact]
    public async Task A_build_that_runs_past_its_timeout_is_killed_as_timed_out()
    {
        var result = await RealiseOneAsync(unique => $"echo started; /usr/bin/sleep 60 # {unique}", timeout: TimeSpan.FromSeconds(1));

        Assert.Equal(FailureKind.TimedOut, result.Failure?.Kind);
        Assert.Contains("timed out after 1 s", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Build, result.Failure.Class);
    }

    [Fact]
    public async Task A_build_that_stays_silent_too_long_is_killed_as_silent()
    {
        var result = await RealiseOneAsync(unique => $"echo started; /usr/bin/sleep 60 # {unique}", maxSilentTime: TimeSpan.FromSeconds(1));

        Assert.Equal(FailureKind.Silent, result.Failure?.Kind);
        Assert.Contains("max-silent-time", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fixed_output_with_the_wrong_hash_fails_with_both_hashes_as_nix_prints_them()
    {
        var declared = NixHash.Sha256(Encoding.UTF8.GetBytes("what was promised\n"));
        var actual = NixHash.Sha256(Encoding.UTF8.GetBytes("what was built\n"));

        var result = await RealiseOneAsync(
            _ => "echo what was built > $out",
            extraAttributes: $"outputHashMode = \"flat\"; outputHashAlgo = \"sha256\"; outputHash = \"{declared.ToBase16()}\";");

        Assert.Equal(FailureKind.HashMismatch, result.Failure?.Kind);
        Assert.Contains($"specified: {declared.ToSri()}", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains($"got:    {actual.ToSri()}", result.Failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("hash mismatch in fixed-output derivation '/nix/store/", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_derivation_for_a_system_the_node_lacks_is_refused_before_fetching_anything()
    {
        var result = await RealiseOneAsync(_ => "echo > $out", system: "mips64-linux");

        Assert.Equal(FailureKind.Unsupported, result.Failure?.Kind);
        Assert.Equal(FailureClass.Refused, result.Failure!.Class);
        Assert.Contains("a 'mips64-linux' with features {} is required", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.Timings.Build);
    }

    [Fact]
    public async Task A_derivation_needing_a_feature_the_node_lacks_is_refused()
    {
        var result = await RealiseOneAsync(_ => "echo > $out", extraAttributes: "requiredSystemFeatures = [ \"kvm\" ];");

        Assert.Equal(FailureKind.Unsupported, result.Failure?.Kind);
        Assert.Contains("with features {kvm} is required", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_nested_deeper_than_the_cache_accepts_fails_as_the_derivations_fault_and_leaves_nothing()
    {
        var result = await RealiseOneAsync(
            unique => $"/usr/bin/mkdir $out; cd $out; i=0; while [ $i -lt 3000 ]; do /usr/bin/mkdir d; cd d; i=$((i+1)); done; echo {unique} > f");

        Assert.Equal(FailureKind.InvalidOutput, result.Failure?.Kind);
        Assert.Equal(FailureClass.Build, result.Failure!.Class);
        Assert.Contains("nested deeper than 1024 directories", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_build_leaves_no_work_directory_and_no_process()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPaths = NixDerivations.Instantiate(
            $"derivation {{ name = \"cancelled-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"/usr/bin/mkdir -p $out/a/b; /usr/bin/chmod 0500 $out/a; echo started; exec /usr/bin/sleep 600\" ]; }}");
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);
        using var cancel = new CancellationTokenSource();
        var log = new LineWatcher("started");

        var build = bed.Services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = drvPaths[0], LogSink = log }, cancel.Token);
        await log.Seen.WaitAsync(TimeSpan.FromMinutes(2));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.WorkDirectory));
        Assert.Empty(ProcessesMentioning(unique));
    }

    [Fact]
    public async Task A_fork_bomb_fails_that_build_alone_at_the_sandboxs_process_limit()
    {
        var result = await RealiseOneAsync(
            unique => $"echo {unique}; i=0; while [ $i -lt 400 ]; do /usr/bin/sleep 30 & i=$((i+1)); done; wait",
            sandbox: new AsterFarm.Builder.Sandbox.SandboxOptions { MaxProcesses = 32 });

        Assert.Equal(FailureKind.ResourceLimit, result.Failure?.Kind);
        Assert.Equal(FailureClass.Build, result.Failure!.Class);
        Assert.Contains("exceeded the sandbox's process limit (32 processes)", result.Failure.Message, StringComparison.Ordinal);
    }

    // Build cgroups are reused from one build to the next: only the limit events of the build itself may count.
    [Fact]
    public async Task A_build_failing_after_one_that_hit_the_process_limit_is_not_blamed_on_the_limit()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var bomb = NixDerivations.Instantiate(
            $"derivation {{ name = \"bomb-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"i=0; while [ $i -lt 100 ]; do /usr/bin/sleep 30 & i=$((i+1)); done; wait\" ]; }}")[0];
        var plain = NixDerivations.Instantiate(
            $"derivation {{ name = \"plain-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"exit 3\" ]; }}")[0];
        await using var bed = await RealiseTestBed.StartAsync(sandbox: new AsterFarm.Builder.Sandbox.SandboxOptions { MaxProcesses = 16 });
        await bed.UploadDerivationClosureAsync([bomb, plain]);
        var first = await bed.RealiseAsync(bomb);
        Assert.Equal(FailureKind.ResourceLimit, first.Failure?.Kind);

        var second = await bed.RealiseAsync(plain);

        Assert.True(FailureKind.BuilderFailed == second.Failure?.Kind, $"expected a plain builder failure, got {second.Failure}");
        Assert.Contains("exit code 3", second.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_hog_fails_that_build_alone_at_the_sandboxs_memory_limit()
    {
        // tail keeps a line in memory until its end, and /dev/zero has no newline.
        var result = await RealiseOneAsync(
            unique => $"echo {unique}; /usr/bin/head -c 1000000000 /dev/zero | /usr/bin/tail -n 1 > /dev/null && echo > $out",
            sandbox: new AsterFarm.Builder.Sandbox.SandboxOptions { MaxMemoryBytes = 64 << 20 });

        Assert.True(FailureKind.ResourceLimit == result.Failure?.Kind, $"{result.Failure}\n{result.Failure?.LogTail}");
        Assert.Equal(FailureClass.Build, result.Failure!.Class);
        Assert.Contains("exceeded the sandbox's memory limit (64 MiB)", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_filling_the_disk_fails_that_build_alone_at_the_sandboxs_disk_limit()
    {
        // Many files, each below the limit: only the bound on the whole build directory stops it.
        var result = await RealiseOneAsync(
            unique => $"echo {unique}; i=0; while [ $i -lt 200 ]; do /usr/bin/head -c 1048576 /dev/zero > f$i || exit 1; i=$((i+1)); done; echo > $out",
            sandbox: new AsterFarm.Builder.Sandbox.SandboxOptions { MaxDiskBytes = 16 << 20, DiskCheckInterval = TimeSpan.FromMilliseconds(50) });

        Assert.True(FailureKind.ResourceLimit == result.Failure?.Kind, $"{result.Failure}\n{result.Failure?.LogTail}");
        Assert.Equal(FailureClass.Build, result.Failure!.Class);
        Assert.Contains("exceeded the sandbox's disk limit (16 MiB", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_writing_past_the_size_of_tmp_gets_no_space_left()
    {
        var result = await RealiseOneAsync(
            unique => $"echo {unique}; /usr/bin/head -c 8388608 /dev/zero > /tmp/big || exit 7; echo > $out",
            sandbox: new AsterFarm.Builder.Sandbox.SandboxOptions { TmpfsBytes = 4 << 20 });

        Assert.Equal(FailureKind.BuilderFailed, result.Failure?.Kind);
        Assert.Contains("exit code 7", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", result.Failure.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_cannot_create_nested_user_namespaces_and_runs_as_an_unprivileged_host_user()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var seconds = $"600.{Random.Shared.Next(100_000, 1_000_000)}";
        var drvPaths = NixDerivations.Instantiate(
            $"derivation {{ name = \"identity-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"/usr/bin/unshare --user /bin/true && echo nested-userns-allowed; echo started; exec /usr/bin/sleep {seconds}\" ]; }}");
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);
        using var cancel = new CancellationTokenSource();
        var log = new LineWatcher("started");

        var build = bed.Services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = drvPaths[0], LogSink = log }, cancel.Token);
        await log.Seen.WaitAsync(TimeSpan.FromMinutes(2));
        // "started" is written just before the shell execs sleep: wait for the exec, not only for the line.
        var hostUids = await AsterFarm.Integration.Tests.Cluster.Eventually.Until(
            () => Task.FromResult(ProcessesMentioning($"/usr/bin/sleep\0{seconds}").Select(HostUid).Where(uid => uid is not null).ToList()),
            uids => uids.Count > 0,
            TimeSpan.FromMinutes(1),
            "the build's sleep process");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);

        Assert.DoesNotContain("nested-userns-allowed", log.Text, StringComparison.Ordinal);
        Assert.NotEmpty(hostUids);
        Assert.DoesNotContain(0, hostUids);
    }

    [Fact]
    public async Task An_unreachable_cache_is_an_infrastructure_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var work = new TempDirectory("asterfarm-realise-down");
        var node = new AsterFarm.Builder.Node.BuilderNodeOptions { StoreDirectory = work.Combine("store"), WorkDirectory = work.Combine("work") };
        using var services = AsterFarm.Builder.Node.BuilderServices.Create(node, new AsterFarm.Builder.Sandbox.SandboxOptions(), new Uri($"http://127.0.0.1:{port}/"), null);

        var result = await services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = StorePath.Parse(new string('b', 32) + "-x.drv") });

        Assert.Equal(FailureKind.CacheUnavailable, result.Failure?.Kind);
        Assert.Equal(FailureClass.Infrastructure, result.Failure!.Class);
    }

    private static async Task<RealisationResult> RealiseOneAsync(
        Func<string, string> script,
        TimeSpan? timeout = null,
        TimeSpan? maxSilentTime = null,
        string extraAttributes = "",
        string system = "x86_64-linux",
        AsterFarm.Builder.Sandbox.SandboxOptions? sandbox = null)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var escaped = script(unique).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal);
        var drvPaths = NixDerivations.Instantiate(
            $"derivation {{ name = \"failing-{unique}\"; system = \"{system}\"; builder = \"/bin/sh\"; args = [ \"-c\" \"{escaped}\" ]; {extraAttributes} }}");
        var healthy = NixDerivations.Instantiate(
            $"derivation {{ name = \"healthy-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"echo ok > $out\" ]; }}");
        await using var bed = await RealiseTestBed.StartAsync(sandbox: sandbox);
        await bed.UploadDerivationClosureAsync([.. drvPaths, .. healthy]);

        var result = await bed.RealiseAsync(drvPaths[0], timeout, maxSilentTime);

        Assert.False(result.Succeeded, "the build was expected to fail");
        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.WorkDirectory));
        Assert.Empty(ProcessesMentioning(unique));
        var next = await bed.RealiseAsync(healthy[0]);
        Assert.True(next.Succeeded, $"the node is not healthy after the failure: {next.Failure}");
        return result;
    }

    private sealed class LineWatcher(string marker) : AsterFarm.Builder.Sandbox.Logging.IBuildLogSink
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _text = new();

        public Task Seen => _seen.Task;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            lock (_text)
            {
                _text.Append(Encoding.UTF8.GetString(chunk.Span));
                if (_text.ToString().Contains(marker, StringComparison.Ordinal))
                {
                    _seen.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    // The real (host) uid of a process, from /proc/PID/status; null if it ended meanwhile.
    private static int? HostUid(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<int> ProcessesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
