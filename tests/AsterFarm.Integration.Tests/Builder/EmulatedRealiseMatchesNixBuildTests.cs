using System.Diagnostics;
using System.Text.Json;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Builder;

/// <summary>
/// riscv64-linux and aarch64-linux derivations whose builders are static programs cross-compiled here (one execs a
/// second foreign program) build under QEMU with the same output paths and NAR hashes as real <c>nix-build</c> run in
/// a private user + mount namespace with its own binfmt_misc registration and <c>extra-platforms</c> (never the host's).
/// </summary>
public sealed class EmulatedRealiseMatchesNixBuildTests : IDisposable
{
    private const string InstallHint = "install gcc-riscv64-linux-gnu, gcc-aarch64-linux-gnu, libc6-dev-riscv64-cross, libc6-dev-arm64-cross and qemu-user-static (scripts/install-prerequisites.sh)";

    private const string Writer = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
          if (argc > 1) { execv(argv[1], (char *[]){argv[1], NULL}); perror("execv"); return 99; }
          FILE *f = fopen(getenv("out"), "w");
          if (!f) { perror("fopen"); return 1; }
          long sum = 0; for (long i = 0; i < 100000; i++) sum += i % 7;
          fprintf(f, "written by a foreign program: %ld\n", sum);
          return fclose(f);
        }
        """;

    private const string Second = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/stat.h>
        int main(void) {
          const char *out = getenv("out");
          char path[4096];
          mkdir(out, 0755);
          snprintf(path, sizeof path, "%s/second", out);
          FILE *f = fopen(path, "w");
          fprintf(f, "written by the second foreign program, exec'd by the first\n");
          return fclose(f);
        }
        """;

    private readonly TempDirectory _files = new("asterfarm-emulated");

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("riscv64-linux", "riscv64-linux-gnu")]
    [InlineData("aarch64-linux", "aarch64-linux-gnu")]
    public async Task Emulated_builds_give_the_outputs_of_nix_build_with_a_private_binfmt_registration(string system, string triplet)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var writer = NixTool.Run("nix-store", ["--add", await CompileAsync(triplet, Writer, $"writer-{unique}")]).Trim();
        var second = NixTool.Run("nix-store", ["--add", await CompileAsync(triplet, Second, $"second-{unique}")]).Trim();
        var drvPaths = NixDerivations.Instantiate($$"""
            [
              (derivation { name = "emulated-{{unique}}"; system = "{{system}}"; builder = {{writer}}; })
              (derivation { name = "emulated-exec-{{unique}}"; system = "{{system}}"; builder = {{writer}}; args = [ {{second}} ]; })
            ]
            """);
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);

        var ours = (await bed.RealiseAllAsync(drvPaths)).SelectMany(r => r.Outputs).ToDictionary(o => NixDerivations.Store.Print(o.Path), o => o.NarHash.ToSri());
        NixBuildInPrivateBinfmtNamespace(system, drvPaths);
        using var info = JsonDocument.Parse(NixTool.Run("nix", ["path-info", "--json", .. ours.Keys]));
        var nix = info.RootElement.EnumerateArray().ToDictionary(i => i.GetProperty("path").GetString()!, i => i.GetProperty("narHash").GetString()!);

        Assert.Equal(nix.OrderBy(p => p.Key, StringComparer.Ordinal), ours.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static void NixBuildInPrivateBinfmtNamespace(string system, IReadOnlyList<StorePath> drvPaths)
    {
        var emulator = QemuDiscovery.Discover().SingleOrDefault(e => e.System == system)
            ?? throw new InvalidOperationException($"no emulator for {system} on PATH; {InstallHint}");
        var script = "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && printf '%s' \"$1\" > /proc/sys/fs/binfmt_misc/register && shift && exec \"$@\"";
        var result = ProcessRunner.Run(
            "/usr/bin/unshare",
            [
                "--user", "--map-root-user", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", emulator.RegistrationLine,
                NixTool.Locate("nix-build"), "--no-out-link", "--option", "sandbox", "false", "--option", "extra-platforms", system,
                "--option", "build-users-group", string.Empty, .. drvPaths.Select(NixDerivations.Store.Print),
            ],
            null,
            null,
            new Dictionary<string, string> { ["NIX_CONFIG"] = "experimental-features = nix-command\nsubstituters =\nsandbox = false\n" });
        Assert.True(result.ExitCode == 0, $"nix-build under a private binfmt registration failed: {result.Stderr}");
    }

    private async Task<string> CompileAsync(string triplet, string source, string name)
    {
        var output = _files.Combine(name);
        var sourceFile = output + ".c";
        await File.WriteAllTextAsync(sourceFile, source);
        var start = new ProcessStartInfo($"{triplet}-gcc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-static", "-O2", "-o", output, sourceFile })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{triplet}-gcc failed ({InstallHint}):\n{errors}");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"{triplet}-gcc not found; {InstallHint}", error);
        }

        return output;
    }
}
