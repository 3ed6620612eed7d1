using System.Text;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Realisation;

public sealed class BuildEnvironmentTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Fact]
    public void Structured_attrs_files_are_written_as_nix_writes_them()
    {
        var drv = Vector("gy8xdndnyci5d07d2grynnmjsdpjgwfb-structured.drv");

        var environment = BuildEnvironment.Create(drv, Store, OutputPaths(drv), cores: 2);

        Assert.Equal(
            """{"aBool":false,"aList":[1,"two",true,null,1.5],"aString":"hello \"world\"","anAttrs":{"nested":{"z":3},"x":"y"},"anInt":42,"builder":"/bin/bash","name":"structured","outputs":{"dev":"/nix/store/synzq1ix1kr0zrb34g6rqpmw17vxznbv-structured-dev","out":"/nix/store/a5w6j8brvppg43ggj80yn3amhqpjbdj9-structured"},"system":"x86_64-linux"}""",
            Encoding.UTF8.GetString(environment.Files[".attrs.json"]));
        Assert.Equal(
            """
            declare aBool=
            declare aString='hello "world"'
            declare anInt=42
            declare builder='/bin/bash'
            declare name='structured'
            declare -A outputs=(['dev']='/nix/store/synzq1ix1kr0zrb34g6rqpmw17vxznbv-structured-dev' ['out']='/nix/store/a5w6j8brvppg43ggj80yn3amhqpjbdj9-structured' )
            declare system='x86_64-linux'

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(environment.Files[".attrs.sh"]));
    }

    [Fact]
    public void Structured_attrs_put_no_derivation_attribute_in_the_environment()
    {
        var drv = Vector("gy8xdndnyci5d07d2grynnmjsdpjgwfb-structured.drv");

        var variables = BuildEnvironment.Create(drv, Store, OutputPaths(drv), cores: 2).Variables;

        Assert.DoesNotContain("out", variables.Keys);
        Assert.DoesNotContain("__json", variables.Keys);
        Assert.Equal("/build/.attrs.json", variables["NIX_ATTRS_JSON_FILE"]);
        Assert.Equal("/build/.attrs.sh", variables["NIX_ATTRS_SH_FILE"]);
    }

    [Fact]
    public void The_environment_of_multi_is_what_nix_gave_its_builder()
    {
        var drv = Vector("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv");

        var environment = BuildEnvironment.Create(drv, Store, OutputPaths(drv), cores: 2);

        var expected = new Dictionary<string, string>
        {
            ["HOME"] = "/homeless-shelter",
            ["NIX_BUILD_CORES"] = "2",
            ["NIX_BUILD_TOP"] = "/build",
            ["NIX_LOG_FD"] = "2",
            ["NIX_STORE"] = "/nix/store",
            ["PATH"] = "/path-not-set",
            ["PWD"] = "/build",
            ["TEMP"] = "/build",
            ["TEMPDIR"] = "/build",
            ["TMP"] = "/build",
            ["TMPDIR"] = "/build",
            ["TERM"] = "xterm-256color",
            ["bigtextPath"] = "/build/.attr-15fbyxdwdlzkksj033rwbizjd8ymkfvb289ymvwrr1k7k5m9m1z6",
            ["builder"] = "/bin/sh",
            ["dep"] = "/nix/store/l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev",
            ["dep2"] = "/nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base",
            ["doc"] = "/nix/store/8zix3qbzwfxnp6igk0n64rfpywakdbrq-multi-doc",
            ["fod"] = "/nix/store/ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat",
            ["lib"] = "/nix/store/myi84fq3mip5p2k9n7qxyfsab2ki2ym4-multi-lib",
            ["name"] = "multi",
            ["out"] = "/nix/store/lmxw7czkhbfsm9brnr6c31xwmljwwxqk-multi",
            ["outputs"] = "out lib doc",
            ["passAsFile"] = "bigtext",
            ["system"] = "x86_64-linux",
            ["weird"] = "quote\" backslash\\ newline\n tab\t cr\r dollar$ unicode-é",
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), environment.Variables.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal("passed as file", Encoding.UTF8.GetString(environment.Files.Single().Value));
    }

    [Fact]
    public void A_derivation_may_override_PATH_but_not_the_build_directory_or_the_log_fd()
    {
        var drv = Derivation.Create(
            [KeyValuePair.Create("out", (Shared.Derivations.Outputs.DerivationOutput)Shared.Derivations.Outputs.DeferredOutput.Instance)],
            [], [], "x86_64-linux", "/bin/sh", [],
            new Dictionary<string, string> { ["name"] = "x", ["PATH"] = "/usr/bin:/bin", ["TMPDIR"] = "/elsewhere", ["NIX_LOG_FD"] = "7", ["out"] = "" });

        var variables = BuildEnvironment.Create(drv, Store, new Dictionary<string, StorePath>(), cores: 4).Variables;

        Assert.Equal("/usr/bin:/bin", variables["PATH"]);
        Assert.Equal("/build", variables["TMPDIR"]);
        Assert.Equal("2", variables["NIX_LOG_FD"]);
        Assert.Equal("4", variables["NIX_BUILD_CORES"]);
    }

    [Fact]
    public void A_fixed_output_derivation_gets_its_impure_variables_from_the_host()
    {
        var drv = Vector("hja2qzq0khdgxcfyx7avbvpc8cp87r69-hello.txt.drv");
        var host = new Dictionary<string, string> { ["http_proxy"] = "http://proxy:3128" };

        var variables = BuildEnvironment.Create(drv, Store, OutputPaths(drv), cores: 1, hostEnvironment: host.GetValueOrDefault).Variables;

        Assert.Equal("1", variables["NIX_OUTPUT_CHECKED"]);
        Assert.Equal("http://proxy:3128", variables["http_proxy"]);
        Assert.Equal(string.Empty, variables["no_proxy"]);
    }

    [Fact]
    public void Impure_variables_come_only_from_the_build_environment_the_operator_names()
    {
        var node = new Dictionary<string, string>
        {
            ["http_proxy"] = "http://proxy:3128",
            ["HOME"] = "/root",
            ["ASTERFARM_TOKEN"] = "secret",
            ["AsterFarm__Builder__CacheUrl"] = "http://cache/",
        };
        var options = new SandboxOptions
        {
            ImpureEnvironment = { ["NIX_CURL_FLAGS"] = "--retry 3", ["AsterFarm__Builder__TokenFile"] = "/etc/token" },
            ImpureHostVariables = ["http_proxy", "ASTERFARM_TOKEN"],
        };

        var impure = new ImpureVariables(options, node.GetValueOrDefault);

        Assert.Equal("http://proxy:3128", impure.Lookup("http_proxy"));
        Assert.Equal("--retry 3", impure.Lookup("NIX_CURL_FLAGS"));
        Assert.Null(impure.Lookup("HOME"));
        Assert.Null(impure.Lookup("ASTERFARM_TOKEN"));
        Assert.Null(impure.Lookup("AsterFarm__Builder__CacheUrl"));
        Assert.Null(impure.Lookup("AsterFarm__Builder__TokenFile"));
    }

    private static Derivation Vector(string fileName) =>
        DerivationParser.Parse(File.ReadAllBytes(Path.Combine(TestVectors.Directory, "drv", fileName)), Store);

    private static Dictionary<string, StorePath> OutputPaths(Derivation drv) =>
        drv.Outputs.ToDictionary(o => o.Key, o => o.Value.Path!.Value);
}
