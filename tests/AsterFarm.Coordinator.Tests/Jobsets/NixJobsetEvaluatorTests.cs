using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>Evaluations with the real Nix (Debian's nix-bin).</summary>
public sealed class NixJobsetEvaluatorTests : IDisposable
{
    private const string Jobs =
        """
        { greeting ? "hello" }:
        let
          job = name: system: derivation { inherit name system; builder = "/bin/sh"; args = [ "-c" "echo ${greeting} > $out" ]; };
        in {
          hello = { x86_64-linux = job "hello" "x86_64-linux"; riscv64-linux = job "hello" "riscv64-linux"; };
          thrown = throw "this job is broken on purpose";
          typeError = job (1 + "a") "x86_64-linux";
          nested.deeper.tool = job "tool" "aarch64-linux";
          notAJob = 3;
        }
        """;

    private readonly TempDirectory _source = new("asterfarm-jobset");

    public void Dispose() => _source.Dispose();

    [Fact]
    public async Task EachAttributeIsAJobWithItsDerivationOrNixsMessage()
    {
        var evaluation = await Evaluate(Jobs, ["greeting=hi"]);

        Assert.Null(evaluation.Error);
        Assert.Equal(
            ["hello.riscv64-linux", "hello.x86_64-linux", "nested.deeper.tool", "thrown", "typeError"],
            evaluation.Jobs.Select(job => job.Attribute));
        var hello = evaluation.Jobs[0];
        Assert.Equal("riscv64-linux", hello.System);
        Assert.True(File.Exists(hello.DrvPath), $"{hello.DrvPath} should be written to the store");
        Assert.Contains("echo hi", await File.ReadAllTextAsync(hello.DrvPath!), StringComparison.Ordinal);
        Assert.StartsWith("out=/nix/store/", Assert.Single(hello.Outputs), StringComparison.Ordinal);
        Assert.Equal("aarch64-linux", evaluation.Jobs[2].System);
        Assert.Equal("error: this job is broken on purpose", evaluation.Jobs[3].Error);
        Assert.StartsWith("error: cannot add a string to an integer", evaluation.Jobs[4].Error, StringComparison.Ordinal);
        Assert.Contains("default.nix:7:", evaluation.Jobs[4].Error, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-z]{52}$", evaluation.ContentHash);
    }

    [Fact]
    public async Task ChangingAnArgumentChangesTheDerivations()
    {
        var first = await Evaluate(Jobs, ["greeting=one"]);
        var second = await Evaluate(Jobs, ["greeting=two"]);

        Assert.NotEqual(first.Jobs[0].DrvPath, second.Jobs[0].DrvPath);
    }

    [Fact]
    public async Task ExpressionThatDoesNotEvaluateFailsTheEvaluationWithNixsMessage()
    {
        var evaluation = await Evaluate("{ hello = ", []);

        Assert.Empty(evaluation.Jobs);
        Assert.StartsWith("error: syntax error, unexpected end of file", evaluation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingExpressionFailsTheEvaluationNamingThePath()
    {
        var evaluation = await new NixJobsetEvaluator().EvaluateAsync(Definition(_source.Combine("nowhere.nix"), []), CancellationToken.None);

        Assert.Equal($"the expression {_source.Combine("nowhere.nix")} does not exist on this coordinator", evaluation.Error);
    }

    private async Task<JobsetEvaluation> Evaluate(string expression, string[] arguments)
    {
        await File.WriteAllTextAsync(_source.Combine("default.nix"), expression);
        return await new NixJobsetEvaluator().EvaluateAsync(Definition(_source.Path, arguments), CancellationToken.None);
    }

    private static JobsetDefinition Definition(string path, string[] arguments) =>
        new("test", path, arguments, null, "UTC", 0, false, 1, null);
}
