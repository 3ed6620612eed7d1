using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox.Qemu;

/// <summary>
/// A static C program cross-compiled once per test class for riscv64 and aarch64: it appends
/// "&lt;argv[0]&gt; on &lt;uname machine&gt;" to <c>$out</c> and, given arguments, execs <c>argv[1]</c> with the rest.
/// </summary>
public sealed class ForeignPrograms : IAsyncLifetime, IDisposable
{
    private const string Source = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        #include <sys/utsname.h>

        int main(int argc, char **argv) {
            struct utsname u;
            uname(&u);
            FILE *f = fopen(getenv("out"), "a");
            if (!f) { perror("fopen $out"); return 1; }
            fprintf(f, "%s on %s\n", argv[0], u.machine);
            fclose(f);
            printf("%s wrote $out\n", argv[0]);
            fflush(stdout);
            if (argc > 1) { execv(argv[1], argv + 1); perror("execv"); return 2; }
            return 0;
        }
        """;

    private readonly TempDirectory _directory = new("asterfarm-foreign-programs");

    /// <summary>The compiled program for a Debian cross triplet (<c>riscv64-linux-gnu</c>, <c>aarch64-linux-gnu</c>).</summary>
    public byte[] For(string triplet) => File.ReadAllBytes(_directory.Combine(triplet));

    public async Task InitializeAsync()
    {
        await CrossCompiler.CompileAsync("riscv64-linux-gnu", Source, _directory.Combine("riscv64-linux-gnu"));
        await CrossCompiler.CompileAsync("aarch64-linux-gnu", Source, _directory.Combine("aarch64-linux-gnu"));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _directory.Dispose();
}
