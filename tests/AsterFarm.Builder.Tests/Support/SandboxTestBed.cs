using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Tests.Support;

/// <summary>
/// A build directory, a per-build store directory and input store paths under one temp directory, and a
/// Nix-like environment, for running builders in the real sandbox.
/// </summary>
internal sealed class SandboxTestBed : IDisposable
{
    private readonly TempDirectory _root = new("asterfarm-sandbox-test");
    private readonly List<string> _inputs = [];

    public SandboxTestBed(string outName = "out")
    {
        RequiredTool.Locate("bwrap");
        RequiredTool.Locate("unshare");
        RequiredTool.Locate("setarch");
        Directory.CreateDirectory(BuildDirectory);
        Directory.CreateDirectory(StoreDirectory);
        Directory.CreateDirectory(InputsDirectory);
        OutBaseName = $"{FakeHash()}-{outName}";
    }

    public string BuildDirectory => _root.Combine("build");

    public string StoreDirectory => _root.Combine("store");

    public string InputsDirectory => _root.Combine("inputs");

    public string OutBaseName { get; }

    /// <summary>The output as the builder sees it.</summary>
    public string OutPath => $"/nix/store/{OutBaseName}";

    /// <summary>The output on the host after the build.</summary>
    public string HostOutPath => Path.Combine(StoreDirectory, OutBaseName);

    public SandboxOptions Options { get; } = new();

    /// <summary>Creates an input store path (a directory) and returns its host path; the builder sees it at /nix/store/&lt;basename&gt;.</summary>
    public string AddInput(string name, IReadOnlyDictionary<string, byte[]> files)
    {
        var path = Path.Combine(InputsDirectory, $"{FakeHash()}-{name}");
        foreach (var (relative, content) in files)
        {
            var file = Path.Combine(path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
            File.SetUnixFileMode(file, (UnixFileMode)0b101_101_101);
        }

        _inputs.Add(path);
        return path;
    }

    /// <summary>A spec running <c>/bin/sh -c script</c> with a Nix-like environment.</summary>
    public SandboxSpec Shell(string script) => Spec("/bin/sh", ["-c", script]);

    public SandboxSpec Spec(string builder, IReadOnlyList<string> arguments) => new()
    {
        Builder = builder,
        Arguments = arguments,
        Environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["HOME"] = "/homeless-shelter",
            ["NIX_STORE"] = "/nix/store",
            ["NIX_BUILD_CORES"] = "1",
            ["out"] = OutPath,
            ["NIX_BUILD_TOP"] = "/build",
            ["TMPDIR"] = "/build",
            ["NIX_LOG_FD"] = "2",
            ["TERM"] = "xterm-256color",
        },
        BuildDirectory = BuildDirectory,
        StoreDirectory = StoreDirectory,
        InputPaths = [.. _inputs],
    };

    public Task<SandboxResult> RunAsync(SandboxSpec spec, IBuildLogSink? log = null, CancellationToken cancellationToken = default) =>
        new SandboxedProcess(Options).RunAsync(spec, log ?? new RecordingLogSink(), cancellationToken);

    public string ReadOutput() => File.ReadAllText(HostOutPath);

    public void Dispose() => _root.Dispose();

    private static string FakeHash() => Guid.NewGuid().ToString("N")[..32].Replace('e', 'z');
}
