using System.Text;
using System.Text.Json;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Builder;

/// <summary>
/// Our builder realises a set of deterministic x86_64-linux derivations (several outputs referring to each other,
/// self-references, executables, symlinks, empty outputs, fixed outputs flat and recursive, builtin:fetchurl,
/// passAsFile, structured attrs, inputs from other derivations and input sources) from the cache, and every output
/// has the path, NAR hash and references that <c>nix-build --option sandbox false</c> gives.
/// </summary>
public sealed class RealiseMatchesNixBuildTests : IDisposable
{
    private readonly TempDirectory _files = new("asterfarm-realise-src");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Every_output_has_the_path_nar_hash_and_references_nix_build_gives()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPaths = NixDerivations.Instantiate(Expression(unique));
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);

        var ours = (await bed.RealiseAllAsync(drvPaths)).SelectMany(r => r.Outputs).ToDictionary(o => o.Path);
        NixTool.Run("nix-build", ["--option", "sandbox", "false", "--no-out-link", .. drvPaths.Select(NixDerivations.Store.Print)]);
        var nix = NixPathInfo(ours.Keys);

        Assert.Equal(nix.Keys.Order(), ours.Keys.Order());
        foreach (var (path, output) in ours)
        {
            var (narHash, narSize, references) = nix[path];
            Assert.True(narHash == output.NarHash.ToSri(), $"{path}: Nix {narHash}, ours {output.NarHash.ToSri()}");
            Assert.Equal(narSize, output.NarSize);
            Assert.Equal(references, output.References.Select(NixDerivations.Store.Print).Order(StringComparer.Ordinal));
        }

        Assert.Contains(ours.Values, o => o.ContentAddress is { Method: FileIngestionMethod.Flat });
        Assert.Contains(ours.Values, o => o.ContentAddress is { Method: FileIngestionMethod.Recursive });
        Assert.Contains(ours.Values, o => o.References.Contains(o.Path));
    }

    [Fact]
    public async Task A_node_with_an_empty_store_fetches_the_inputs_from_the_cache_and_gets_the_same_outputs()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPaths = NixDerivations.Instantiate(Expression(unique));
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);
        var first = await bed.RealiseAllAsync(drvPaths);
        var top = first[^1];

        using var fresh = new TempDirectory("asterfarm-realise-fresh");
        var node = new BuilderNodeOptions { StoreDirectory = fresh.Combine("store"), WorkDirectory = fresh.Combine("work"), CoresPerSlot = 2 };
        using var second = BuilderServices.Create(node, new SandboxOptions(), new Uri(bed.CacheUrl), RealiseTestBed.Token);
        var again = await second.Realiser.RealiseAsync(new RealiseRequest { DrvPath = top.DrvPath });

        Assert.True(again.Succeeded, again.Failure?.Message);
        Assert.Equal(top.Outputs.Select(o => (o.Path, o.NarHash)), again.Outputs.Select(o => (o.Path, o.NarHash)));
        Assert.NotEqual(TimeSpan.Zero, again.Timings.Fetch);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fresh.Combine("work")));
        Assert.Contains("user builder ran", bed.UploadedLog(top.DrvPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_that_are_not_utf8_are_archived_byte_for_byte_as_nix_build_archives_them_and_read_by_a_dependant()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPaths = OddNamesDerivations(unique);
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);

        var ours = (await bed.RealiseAllAsync(drvPaths)).SelectMany(r => r.Outputs).ToDictionary(o => o.Path);
        NixTool.Run("nix-build", ["--option", "sandbox", "false", "--no-out-link", .. drvPaths.Select(NixDerivations.Store.Print)]);
        var nix = NixPathInfo(ours.Keys);

        Assert.Equal(2, ours.Count);
        foreach (var (path, output) in ours)
        {
            Assert.True(nix[path].NarHash == output.NarHash.ToSri(), $"{path}: Nix {nix[path].NarHash}, ours {output.NarHash.ToSri()}");
            Assert.Equal(nix[path].NarSize, output.NarSize);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.WorkDirectory));
    }

    [Fact]
    public async Task An_input_with_names_that_are_not_utf8_is_fetched_by_another_node_and_read_by_its_dependant()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        // A node that never built the input must unpack it from the cache, names as bytes (as nix-store --restore).
        var drvPaths = OddNamesDerivations(unique);
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync(drvPaths);
        var built = await bed.RealiseAllAsync(drvPaths);
        using var fresh = new TempDirectory("asterfarm-realise-odd-input");
        var node = new BuilderNodeOptions { StoreDirectory = fresh.Combine("store"), WorkDirectory = fresh.Combine("work"), CoresPerSlot = 2 };
        using var other = BuilderServices.Create(node, new SandboxOptions(), new Uri(bed.CacheUrl), RealiseTestBed.Token);

        var again = await other.Realiser.RealiseAsync(new RealiseRequest { DrvPath = built[^1].DrvPath });

        Assert.True(again.Succeeded, $"{again.Failure}\n{again.Failure?.LogTail}");
        Assert.Equal(built[^1].Outputs.Select(o => o.NarHash), again.Outputs.Select(o => o.NarHash));
    }

    // An output whose entry names and symlink targets hold bytes 0xFF, 0xFE, 0x80 and 0xFD, which no UTF-8 decoder
    // round-trips (the order of entries is by bytes), and a dependant that reads it through a symlink and an odd path.
    private static IReadOnlyList<StorePath> OddNamesDerivations(string unique) => NixDerivations.Instantiate(
        $$"""
        let
          odd = derivation {
            name = "odd-names-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh";
            args = [ "-c" ''
              /usr/bin/mkdir $out
              n=$(printf 'a\377b'); d=$(printf 'd\376'); e=$(printf '\200')
              echo one > "$out/$n"
              /usr/bin/mkdir "$out/$d"; echo two > "$out/$d/$e"
              /usr/bin/ln -s "$n" "$out/link"; /usr/bin/ln -s "$(printf 'x\377')" "$out/$(printf 'l\375')"
              echo three > "$out/z"; echo four > "$out/A"
            '' ];
          };
        in derivation {
          name = "reads-odd-names-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh";
          args = [ "-c" ''/usr/bin/cat ${odd}/link "${odd}/$(printf 'd\376')/$(printf '\200')" > $out'' ];
        }
        """);

    internal static Dictionary<StorePath, (string NarHash, long NarSize, string[] References)> NixPathInfo(IEnumerable<StorePath> paths)
    {
        using var document = JsonDocument.Parse(NixTool.Run("nix", ["path-info", "--json", .. paths.Select(NixDerivations.Store.Print)]));
        return document.RootElement.EnumerateArray().ToDictionary(
            info => NixDerivations.Store.Parse(info.GetProperty("path").GetString()!),
            info => (
                info.GetProperty("narHash").GetString()!,
                info.GetProperty("narSize").GetInt64(),
                info.GetProperty("references").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToArray()));
    }

    private string Expression(string unique)
    {
        // Nix builds as a nixbld user, who must be able to read what builtin:fetchurl downloads.
        File.SetUnixFileMode(_files.Path, (UnixFileMode)0b111_101_101);
        var flatContent = "fixed content\n";
        var recursive = _files.Combine("rec");
        Directory.CreateDirectory(recursive);
        File.WriteAllText(Path.Combine(recursive, "file"), "tree\n");
        File.WriteAllText(Path.Combine(recursive, "run"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(recursive, "run"), (UnixFileMode)0b101_101_101);
        var download = _files.Combine($"download-{unique}.txt");
        File.WriteAllText(download, "downloaded by builtin:fetchurl\n");
        var downloadExe = _files.Combine("download-exe");
        File.Copy(download, downloadExe);
        File.SetUnixFileMode(downloadExe, (UnixFileMode)0b101_101_101);
        var flatHash = NixHash.Sha256(Encoding.UTF8.GetBytes(flatContent)).ToBase16();
        var recursiveHash = NarWriter.Hash(recursive).NarHash.ToBase16();
        var downloadHash = NixHash.Sha256(File.ReadAllBytes(download)).ToBase16();
        var downloadExeHash = NarWriter.Hash(downloadExe).NarHash.ToBase16();
        return $$"""
            let
              mk = name: attrs: derivation ({ name = "${name}-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
              src = builtins.toFile "input-{{unique}}" "an input source\n";
              base = mk "base" {
                outputs = [ "out" "dev" "doc" "empty" ];
                args = [ "-c" ''
                  /usr/bin/mkdir -p $out/bin $dev/include $doc
                  /usr/bin/printf '#!/bin/sh\necho hello\n' > $out/bin/hello
                  /usr/bin/chmod 0755 $out/bin/hello
                  echo "$dev" > $out/dev-path
                  echo "$out" > $doc/out-path
                  /usr/bin/ln -s $out/bin/hello $out/self-link
                  /usr/bin/ln -s ../nowhere $out/dangling
                  /usr/bin/touch $empty
                  /usr/bin/cp ${src} $doc/readme
                '' ];
              };
              fodFlat = mk "fod-flat" {
                outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = "{{flatHash}}";
                args = [ "-c" "echo fixed content > $out" ];
              };
              fodRec = mk "fod-rec" {
                outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "{{recursiveHash}}";
                args = [ "-c" "/usr/bin/mkdir $out; echo tree > $out/file; /usr/bin/printf '#!/bin/sh\\n' > $out/run; /usr/bin/chmod +x $out/run" ];
              };
              fetched = import <nix/fetchurl.nix> { url = "file://{{download}}"; sha256 = "{{downloadHash}}"; };
              fetchedExe = import <nix/fetchurl.nix> { url = "file://{{downloadExe}}"; sha256 = "{{downloadExeHash}}"; executable = true; name = "fetched-exe-{{unique}}"; };
              pass = mk "pass" {
                passAsFile = [ "big" ];
                big = "a value passed as a file";
                args = [ "-c" "/usr/bin/cat $bigPath > $out" ];
              };
              structured = derivation {
                name = "structured-{{unique}}"; system = "x86_64-linux"; builder = "/usr/bin/bash";
                __structuredAttrs = true;
                outputs = [ "out" "lib" ];
                greeting = "hello";
                numbers = [ 1 2 3 ];
                args = [ "-c" ''
                  source .attrs.sh
                  /usr/bin/mkdir ''${outputs[out]} ''${outputs[lib]}
                  echo "$greeting ''${numbers[@]}" > ''${outputs[out]}/greeting
                  echo ''${outputs[out]} > ''${outputs[lib]}/link
                '' ];
              };
              user = mk "user" {
                outputs = [ "out" "bin" ];
                args = [ "-c" ''
                  echo user builder ran
                  /usr/bin/mkdir -p $out $bin
                  echo ${base} ${base.dev} > $out/inputs
                  /usr/bin/cat ${fodFlat} > $out/flat-copy
                  echo ${fodRec} > $out/rec-ref
                  /usr/bin/cat ${pass} ${structured}/greeting > $bin/combined
                  echo ${fetched} ${fetchedExe} ${src} ${structured.lib} > $bin/more
                  echo $out > $bin/sibling
                '' ];
              };
            in [ base fodFlat fodRec fetched fetchedExe pass structured user ]
            """;
    }
}
