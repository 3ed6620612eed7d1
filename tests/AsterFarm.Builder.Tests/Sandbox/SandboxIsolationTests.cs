using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox;

[Collection(RealSandboxTests.Name)]
public sealed class SandboxIsolationTests
{
    [Fact]
    public async Task A_builder_runs_as_nixbld_on_localhost_in_build_with_nix_etc_files()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("""
            { echo "uid=$(id -u) gid=$(id -g) user=$(id -un) host=$(hostname) pwd=$(pwd) pid=$$"
              cat /etc/passwd /etc/group /etc/hosts
              ls -A /tmp | wc -l; stat -c %a /tmp
            } > $out
            """);

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal(
            "uid=1000 gid=100 user=nixbld host=localhost pwd=/build pid=1\n" +
            SandboxIdentity.Passwd + SandboxIdentity.Group + SandboxIdentity.Hosts + "0\n1777\n",
            bed.ReadOutput());
    }

    [Fact]
    public async Task A_builder_gets_exactly_the_given_environment()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("env -0 > $out");

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        var seen = bed.ReadOutput().Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => !entry.StartsWith("PWD=", StringComparison.Ordinal)) // dash sets PWD itself
            .Order(StringComparer.Ordinal);
        Assert.Equal(spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_builder_has_dev_null_stdin_one_log_pipe_a_new_session_and_no_core_dumps()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("""
            in=$(readlink /proc/$$/fd/0) o=$(readlink /proc/$$/fd/1) e=$(readlink /proc/$$/fd/2)
            { echo "$in"; [ "$o" = "$e" ] && echo "same $o" | cut -d: -f1
              echo "session=$(cut -d' ' -f6 /proc/$$/stat) core=$(ulimit -c) personality=$(cat /proc/$$/personality)"
              : > /dev/shm/x && echo shm-writable
            } > $out
            echo to-stdout; echo to-stderr >&2
            """);

        var log = new RecordingLogSink();
        var result = await bed.RunAsync(spec, log);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal("/dev/null\nsame pipe\nsession=1 core=0 personality=00040000\nshm-writable\n", bed.ReadOutput());
        Assert.Equal("to-stdout\nto-stderr\n", log.Text);
    }

    [Fact]
    public async Task A_builders_argv0_is_its_basename_where_bubblewrap_allows_it_else_its_path()
    {
        using var bed = new SandboxTestBed();
        var argv0Supported = await BubblewrapFeatures.SupportsArgv0Async(bed.Options.BubblewrapPath);

        var result = await bed.RunAsync(bed.Shell("tr '\\0' '\\n' < /proc/$$/cmdline | head -n 1 > $out"));

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal(argv0Supported ? "sh\n" : "/bin/sh\n", bed.ReadOutput());
    }

    [Fact]
    public async Task A_builder_inherits_no_file_descriptors_but_stdin_stdout_and_stderr()
    {
        using var bed = new SandboxTestBed();
        var log = new RecordingLogSink();

        // ls itself holds one more descriptor: the /proc/self/fd directory it reads.
        var result = await bed.RunAsync(bed.Spec("/usr/bin/ls", ["-1", "/proc/self/fd"]), log);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal("0\n1\n2\n3\n", log.Text);
    }

    [Fact]
    public async Task A_builder_cannot_write_outside_its_outputs_build_and_tmp()
    {
        using var bed = new SandboxTestBed();
        var input = Path.GetFileName(bed.AddInput("input", new Dictionary<string, byte[]> { ["file"] = "x"u8.ToArray() }));
        var spec = bed.Shell($$"""
            try() { if ( : > "$1" ) 2>/dev/null; then echo "$1 writable"; else echo "$1 denied"; fi; }
            mkdir $out
            for p in /nix/store/{{input}}/new /nix/store/{{input}}/file /x /usr/x /etc/passwd /etc/x /dev/x /proc/x \
                     $out/file /build/file /tmp/file; do try $p; done > /build/report
            cp /build/report $out/report
            """);

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal(
            $"/nix/store/{input}/new denied\n/nix/store/{input}/file denied\n/x denied\n/usr/x denied\n" +
            "/etc/passwd denied\n/etc/x denied\n/dev/x denied\n/proc/x denied\n" +
            $"{bed.OutPath}/file writable\n/build/file writable\n/tmp/file writable\n",
            File.ReadAllText(Path.Combine(bed.HostOutPath, "report")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(bed.InputsDirectory, input, "file")));
    }

    [Fact]
    public async Task The_store_shows_only_the_inputs_and_afterwards_holds_only_the_outputs()
    {
        using var bed = new SandboxTestBed();
        var a = Path.GetFileName(bed.AddInput("a", new Dictionary<string, byte[]> { ["f"] = "a"u8.ToArray() }));
        var b = Path.GetFileName(bed.AddInput("b", new Dictionary<string, byte[]> { ["f"] = "b"u8.ToArray() }));
        var spec = bed.Shell("ls /nix/store > /build/listing; cat /nix/store/*/f >> /build/listing; mkdir $out; cp /build/listing $out/");

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        // The glob lists the inputs in name order, and their hash parts are random: contents follow that order.
        var inputs = new[] { (Name: a, Contents: "a"), (Name: b, Contents: "b") }.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var expected = string.Join('\n', inputs.Select(i => i.Name)) + "\n" + string.Concat(inputs.Select(i => i.Contents));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(bed.HostOutPath, "listing")));
        Assert.Equal([bed.OutBaseName], Directory.EnumerateFileSystemEntries(bed.StoreDirectory).Select(Path.GetFileName));
    }
}
