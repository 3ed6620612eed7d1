using System.Text;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>The trees of nix-formats.md §6.4, built on disk, with the NARs real Nix made of them.</summary>
internal static class NarVectors
{
    public static string NarDirectory => Path.Combine(TestVectors.Directory, "nar");

    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Nar", "Corpus");

    /// <summary>(vector file, NAR size, NAR sha256 base32).</summary>
    public static TheoryData<string, long, string> All => new()
    {
        { "hello.txt.nar", 128, "00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil" },
        { "tree.nar", 1072, "16ki95d2d00l7ls28x6jpc95v6lm01vv2k0vskw60gphrr516v4f" },
        { "emptyfile.nar", 112, "0ip26j2h11n1kgkz36rl4akv694yz65hr72q4kv4b3lxcbi65b3p" },
        { "emptydir.nar", 96, "0sjjj9z1dhilhpc8pq4154czrb79z9cm044jvn75kxcjv6v5l2m5" },
        { "symlink.nar", 128, "18rqk3528bjjs5cp3wbcsni2w7q06jx2vzzrpkgrk37nswf6cbrs" },
        { "exe.nar", 152, "1qf3k50cfba7m69yyp7n3dj4g3ckiyyaq16qw6nyh4vrpn97nyzh" },
        { "order.nar", 2032, "03zxzgpyrndhw9sa2dnjigimi215iw9y9bmvzxdsdis0b8iakaz8" },
    };

    public static byte[] Read(string vector) => File.ReadAllBytes(Path.Combine(NarDirectory, vector));

    /// <summary>Creates the tree a vector was made from at <paramref name="path"/>, as repro.sh does.</summary>
    public static void CreateTree(string vector, string path)
    {
        switch (vector)
        {
            case "hello.txt.nar":
                WriteFile(path, "hello world\n", "644");
                break;
            case "tree.nar":
                Directory.CreateDirectory(Path.Combine(path, "sub"));
                WriteFile(Path.Combine(path, "a.txt"), "abc", "644");
                File.CreateSymbolicLink(Path.Combine(path, "link"), "a.txt");
                WriteFile(Path.Combine(path, "run.sh"), "#!/bin/sh\necho hi\n", "755");
                WriteFile(Path.Combine(path, "sub", "empty"), string.Empty, "644");
                break;
            case "emptyfile.nar":
                WriteFile(path, string.Empty, "644");
                break;
            case "emptydir.nar":
                Directory.CreateDirectory(path);
                break;
            case "symlink.nar":
                File.CreateSymbolicLink(path, "/nix/store/foo");
                break;
            case "exe.nar":
                WriteFile(path, "x", "755");
                break;
            case "order.nar":
                Directory.CreateDirectory(path);
                foreach (var name in new[] { "B", "a", "_", "é", "Z", "10", "9", ".hidden", "with space", "~tilde" })
                {
                    WriteFile(Path.Combine(path, name), name, "644");
                }

                break;
            default:
                throw new ArgumentException($"unknown vector {vector}", nameof(vector));
        }
    }

    private static void WriteFile(string path, string contents, string octalMode)
    {
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(contents));
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
    }
}
