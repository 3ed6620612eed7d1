using System.Text;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.References;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.References;

public sealed class ReferenceScannerTests
{
    private static readonly StorePath RefDep = StorePath.Parse("zm4xb8194gw90yybk20ni4zbwwsgxz16-refdep");
    private static readonly StorePath Self = StorePath.Parse("hf8pz7za0i15s1cj1q0fr5i9668qm2j5-refscan");
    private static readonly StorePath FodFlat = StorePath.Parse("ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat");
    private static readonly StorePath Absent = StorePath.Parse("4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base");

    [Fact]
    public void Scanning_the_refscan_output_finds_the_bare_hash_and_the_self_link_as_nix_does()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "only-hash"), $"xx{RefDep.HashPart}yy");
        File.WriteAllText(Path.Combine(output, "not-an-input"), FodFlat.HashPart);
        File.CreateSymbolicLink(Path.Combine(output, "selflink"), $"/nix/store/{Self.BaseName}/only-hash");
        // Candidates as Nix forms them: the inputs (refdep and its closure) and the outputs; fod-flat is not one.
        var scanner = new ReferenceScanner([RefDep, Self, Absent]);

        var hashAndSize = NarWriter.Write(output, new ReferenceScanningStream(scanner));

        Assert.Equal([Self, RefDep], scanner.Found);
        Assert.Equal(800, hashAndSize.NarSize);
    }

    [Fact]
    public void A_hash_split_at_every_possible_chunk_boundary_is_found()
    {
        var data = Encoding.ASCII.GetBytes($"/nix/store/\u00ff{RefDep.HashPart}-refdep/bin \u0001");
        for (var first = 0; first <= data.Length; first++)
        {
            for (var second = first; second <= data.Length; second++)
            {
                var scanner = new ReferenceScanner([RefDep, Absent]);

                scanner.Append(data.AsSpan(0, first));
                scanner.Append(data.AsSpan(first, second - first));
                scanner.Append(data.AsSpan(second));

                Assert.Equal([RefDep], scanner.Found);
            }
        }
    }

    [Fact]
    public void A_hash_fed_one_byte_at_a_time_is_found()
    {
        var scanner = new ReferenceScanner([Self]);

        foreach (var b in Encoding.ASCII.GetBytes($"{Self.HashPart}"))
        {
            scanner.Append([b]);
        }

        Assert.Equal([Self], scanner.Found);
    }

    [Fact]
    public void Candidates_not_present_and_near_misses_are_not_reported()
    {
        var almost = RefDep.HashPart[..31];
        var text = $"{almost}e {almost.ToUpperInvariant()}{RefDep.HashPart[31]} {string.Concat(RefDep.HashPart.Reverse())}";
        var utf16 = Encoding.Unicode.GetBytes(RefDep.HashPart);

        var found = ReferenceScanner.Scan(new MemoryStream([.. Encoding.ASCII.GetBytes(text), .. utf16]), [RefDep, Self]);

        Assert.Empty(found);
    }

    [Fact]
    public void A_hash_inside_a_longer_base32_run_is_found()
    {
        var found = ReferenceScanner.Scan(
            new MemoryStream(Encoding.ASCII.GetBytes($"0123{RefDep.HashPart}abcd")), [RefDep]);

        Assert.Equal([RefDep], found);
    }
}
