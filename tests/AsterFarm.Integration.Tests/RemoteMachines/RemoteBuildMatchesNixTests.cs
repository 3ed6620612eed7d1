using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Remote;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Integration.Tests.Builder;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.RemoteMachines;

/// <summary>
/// Builds through a real <c>sshd</c> running Nix 2.8's <c>nix-store --serve --write</c> on a separate store: the
/// outputs equal what Nix's own remote build (<c>nix-build --builders</c>, to a second such machine) gives; Nix's
/// error reaches the result; a machine that dies mid-build is marked down and nothing of the build is uploaded.
/// </summary>
public sealed class RemoteBuildMatchesNixTests
{
    [Fact]
    public async Task Outputs_built_over_ssh_equal_those_of_nix_builds_own_remote_build()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPaths = NixDerivations.Instantiate(Expression(unique));
        await using var ours = await SshNixMachine.StartAsync();
        await using var theirs = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await bed.UploadDerivationClosureAsync(drvPaths);
        await using var pool = Pool(bed, ours.MachineLine(maxJobs: 2));

        var results = new List<RealisationResult>();
        foreach (var drvPath in drvPaths)
        {
            var (result, whyNot) = await bed.Services.Realiser.RealiseRemotelyAsync(new RealiseRequest { DrvPath = drvPath }, pool);
            Assert.True(result is not null, whyNot);
            Assert.True(result.Succeeded, $"{drvPath}: {result.Failure}\n{result.Failure?.LogTail}");
            results.Add(result);
        }

        var nixBuild = NixTool.RunWithEnvironment(
            "nix-build",
            ["--max-jobs", "0", "--builders", theirs.NixBuilders(), "--no-out-link", .. drvPaths.Select(NixDerivations.Store.Print)],
            new Dictionary<string, string> { ["NIX_SSHOPTS"] = theirs.NixSshOptions });
        Assert.True(nixBuild.ExitCode == 0, $"nix-build through sshd failed: {nixBuild}");
        var outputs = results.SelectMany(r => r.Outputs).ToDictionary(o => o.Path);
        var nix = RealiseMatchesNixBuildTests.NixPathInfo(outputs.Keys);
        foreach (var (path, output) in outputs)
        {
            Assert.True(nix[path].NarHash == output.NarHash.ToSri(), $"{path}: Nix {nix[path].NarHash}, ours {output.NarHash.ToSri()}");
            Assert.Equal(nix[path].References, output.References.Select(NixDerivations.Store.Print).Order(StringComparer.Ordinal));
        }

        Assert.Contains(outputs.Values, o => o.ContentAddress is { Method: FileIngestionMethod.Flat });
        Assert.Contains(outputs.Values, o => o.ContentAddress is { Method: FileIngestionMethod.Recursive });
        Assert.True(outputs.Count >= 6, $"expected the multi-output derivations' outputs, got {outputs.Count}");
        Assert.Contains("user builder ran", bed.UploadedLog(drvPaths[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_derivation_that_fails_on_the_machine_reports_nix_s_error_and_its_log()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPath = NixDerivations.Instantiate($$"""
            derivation { name = "fails-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo about to fail; exit 3" ]; }
            """).Single();
        await using var machine = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await bed.UploadDerivationClosureAsync([drvPath]);
        await using var pool = Pool(bed, machine.MachineLine());

        var (result, _) = await bed.Services.Realiser.RealiseRemotelyAsync(new RealiseRequest { DrvPath = drvPath }, pool);

        Assert.NotNull(result);
        Assert.False(result.Succeeded);
        Assert.Equal(FailureKind.BuilderFailed, result.Failure.Kind);
        Assert.True(result.Failure.Message.Contains($"builder for '{NixDerivations.Store.Print(drvPath)}' failed with exit code 3", StringComparison.Ordinal), result.Failure.Message);
        Assert.Contains("about to fail", bed.UploadedLog(drvPath), StringComparison.Ordinal);
        Assert.Contains("about to fail", result.Failure.LogTail, StringComparison.Ordinal);
        Assert.Null(pool.Snapshot().Single().DownReason);
    }

    [Fact]
    public async Task A_machine_with_an_unexpected_host_key_is_refused_by_name()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPath = NixDerivations.Instantiate($$"""
            derivation { name = "hostkey-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; }
            """).Single();
        await using var machine = await SshNixMachine.StartAsync();
        await using var impostor = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await bed.UploadDerivationClosureAsync([drvPath]);
        // The line names this machine but carries another machine's host key.
        await using var pool = Pool(bed, machine.MachineLine().Replace(machine.Base64HostKey, impostor.Base64HostKey, StringComparison.Ordinal));

        var (result, _) = await bed.Services.Realiser.RealiseRemotelyAsync(new RealiseRequest { DrvPath = drvPath }, pool);

        Assert.NotNull(result);
        Assert.Equal(FailureKind.RemoteMachineFailed, result.Failure?.Kind);
        Assert.Contains(machine.Uri, result.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("Host key verification failed", result.Failure.Message, StringComparison.Ordinal);
        Assert.NotNull(pool.Snapshot().Single().DownReason);
    }

    [Fact]
    public async Task A_machine_killed_mid_build_is_marked_down_and_nothing_is_uploaded()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPath = NixDerivations.Instantiate($$"""
            derivation { name = "killed-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo build started; /usr/bin/sleep 600; echo > $out" ]; }
            """).Single();
        await using var machine = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await bed.UploadDerivationClosureAsync([drvPath]);
        await using var pool = Pool(bed, machine.MachineLine());
        var started = new LineWaiter("build started");

        var build = bed.Services.Realiser.RealiseRemotelyAsync(new RealiseRequest { DrvPath = drvPath, LogSink = started }, pool);
        await started.Seen.WaitAsync(TimeSpan.FromMinutes(2));
        await machine.KillAsync();
        var (result, _) = await build.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotNull(result);
        Assert.Equal(FailureKind.RemoteMachineFailed, result.Failure?.Kind);
        Assert.Equal(FailureClass.Infrastructure, result.Failure!.Class);
        Assert.Contains(machine.Uri, result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains(machine.Uri, pool.Snapshot().Single().DownReason ?? "(not down)", StringComparison.Ordinal);
        var output = NixDerivations.NixOutputs([drvPath]).Single();
        Assert.Null(await bed.Cache.GetNarInfoAsync(output));
    }

    [Fact]
    public async Task Multiplexed_sessions_share_one_ssh_login_and_build_through_it()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPath = NixDerivations.Instantiate($$"""
            derivation { name = "mux-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo {{unique}} > $out" ]; }
            """).Single();
        await using var machine = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await bed.UploadDerivationClosureAsync([drvPath]);
        var options = new RemoteMachineOptions { Multiplex = true };
        var line = MachinesFile.Parse(machine.MachineLine(maxJobs: 2), "x86_64-linux");
        var sshDirectory = Path.Combine(bed.WorkDirectory, "ssh");

        await using (var pool = new RemoteMachinePool(line, options, bed.WorkDirectory))
        {
            var (result, whyNot) = await bed.Services.Realiser.RealiseRemotelyAsync(new RealiseRequest { DrvPath = drvPath }, pool);
            Assert.True(result is { Succeeded: true }, $"{result?.Failure} {whyNot}");
            // Two more sessions open at once beside the pool's idle one: each a channel of the same master.
            var sessions = await Task.WhenAll(
                SshServeSession.StartAsync(line[0], options, sshDirectory, NixDerivations.Store, CancellationToken.None),
                SshServeSession.StartAsync(line[0], options, sshDirectory, NixDerivations.Store, CancellationToken.None));
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }

            Assert.Single(Directory.GetFileSystemEntries(Path.Combine(sshDirectory, "mux")));
        }

        Assert.Equal(1, machine.Log.Split('\n').Count(l => l.Contains("Accepted publickey", StringComparison.Ordinal)));
        // Disposing the pool ended the master: its socket is gone.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(sshDirectory, "mux")));
    }

    // Issue 11, defect 2, on the remote path: a machine builds whatever it is sent, so the builder node checks the
    // .drv bytes against their path before anything reaches the machine, exactly as for a local build.
    [Fact]
    public async Task A_forged_drv_is_refused_before_it_reaches_the_remote_machine_and_nothing_is_uploaded()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var real = NixDerivations.Instantiate(
            $"derivation {{ name = \"remote-forgery-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"echo real > $out\" ]; }}")[0];
        var honest = DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(real)), NixDerivations.Store);
        var forged = Derivation.Create(honest.Outputs, [], honest.InputSrcs, honest.System, honest.Builder, ["-c", $"echo evil-{unique} > $out"], honest.Env);
        await using var machine = await SshNixMachine.StartAsync();
        await using var bed = await RealiseTestBed.StartAsync(node => node.NativeSystems = []);
        await using var pool = Pool(bed, machine.MachineLine());

        var (result, whyNot) = await bed.Services.Realiser.RealiseRemotelyAsync(
            new RealiseRequest { DrvPath = real, DrvBytes = DerivationPrinter.Print(forged, NixDerivations.Store) }, pool);

        Assert.True(result is not null, whyNot);
        Assert.False(result.Succeeded, "the forged derivation was built on the remote machine");
        Assert.Equal(FailureKind.UntrustedDerivation, result.Failure!.Kind);
        Assert.Contains("hash to", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.Timings.Build);
        Assert.Null(await bed.Cache.GetNarInfoAsync(honest.Outputs["out"].Path!.Value));
    }

    private static RemoteMachinePool Pool(RealiseTestBed bed, string line) =>
        new(MachinesFile.Parse(line, "x86_64-linux"), new RemoteMachineOptions(), bed.WorkDirectory);

    // Input-addressed with several outputs referring to each other, fixed outputs flat and recursive, an input source,
    // and a derivation depending on all of them (its inputs are imported into the machine first).
    private static string Expression(string unique)
    {
        var flatHash = NixHash.Sha256("fixed content\n"u8).ToBase16();
        using var tree = new TempDirectory("asterfarm-remote-fod");
        Directory.CreateDirectory(tree.Combine("rec"));
        File.WriteAllText(tree.Combine("rec", "file"), "tree\n");
        var recursiveHash = NarWriter.Hash(tree.Combine("rec")).NarHash.ToBase16();
        return $$"""
            let
              mk = name: attrs: derivation ({ name = "${name}-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
              src = builtins.toFile "input-{{unique}}" "an input source\n";
              base = mk "base" {
                outputs = [ "out" "dev" "doc" ];
                args = [ "-c" ''
                  /usr/bin/mkdir -p $out/bin $dev/include $doc
                  /usr/bin/printf '#!/bin/sh\necho hello\n' > $out/bin/hello
                  /usr/bin/chmod 0755 $out/bin/hello
                  echo "$dev" > $out/dev-path
                  echo "$out" > $doc/out-path
                  /usr/bin/ln -s $out/bin/hello $out/self-link
                  /usr/bin/cp ${src} $doc/readme
                '' ];
              };
              fodFlat = mk "fod-flat" {
                outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = "{{flatHash}}";
                args = [ "-c" "echo fixed content > $out" ];
              };
              fodRec = mk "fod-rec" {
                outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "{{recursiveHash}}";
                args = [ "-c" "/usr/bin/mkdir $out; echo tree > $out/file" ];
              };
              user = mk "user" {
                outputs = [ "out" "bin" ];
                args = [ "-c" ''
                  echo user builder ran
                  /usr/bin/mkdir -p $out $bin
                  echo ${base} ${base.dev} > $out/inputs
                  /usr/bin/cat ${fodFlat} > $out/flat-copy
                  echo ${fodRec} > $out/rec-ref
                  echo $out ${src} > $bin/sibling
                '' ];
              };
            in [ base fodFlat fodRec user ]
            """;
    }

    /// <summary>A log sink that completes <see cref="Seen"/> once the log contains a text.</summary>
    private sealed class LineWaiter(string text) : IBuildLogSink
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string _log = string.Empty;

        public Task Seen => _seen.Task;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            _log += System.Text.Encoding.UTF8.GetString(chunk.Span);
            if (_log.Contains(text, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }
}
