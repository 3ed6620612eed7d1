using System.Text;
using CsCheck;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>
/// A random set of derivations forming a DAG (each may use outputs of earlier ones), some fixed-output,
/// rendered as a Nix expression evaluating to a list of them.
/// </summary>
internal sealed record RandomDerivationSet(IReadOnlyList<RandomDerivationSet.Node> Nodes)
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-._?=";
    private static readonly string[] OutputNames = ["out", "dev", "lib", "doc", "bin"];

    private static readonly Gen<string> Text =
        Gen.OneOf(
                Gen.String[Gen.Char["abcXYZ019 $\"\\\n\r\t{}'"], 0, 6],
                Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32))
            .Array[0, 4]
            .Select(string.Concat);

    private static readonly Gen<Node> NodeGen =
        Gen.Select(
            Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz"], Gen.String[Gen.Char[NameChars], 0, 15], (c, s) => c + s),
            Gen.Int[1, 31].Select(mask => OutputNames.Where((_, i) => (mask & (1 << i)) != 0).ToArray()),
            Gen.Select(Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_0123456789"], 1, 8], Text).Array[0, 5],
            Gen.Int[0, 2].Select(k => k switch { 0 => (string?)null, 1 => "flat", _ => "recursive" }),
            Gen.Byte.Array[32],
            Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 4]).Array[0, 4],
            (name, outputs, env, fod, hash, deps) => new Node(name, outputs, env, fod, Convert.ToHexStringLower(hash), deps));

    public static readonly Gen<RandomDerivationSet> Generator = NodeGen.Array[1, 6].Select(nodes => new RandomDerivationSet(nodes));

    /// <summary>The expression: a <c>let</c> binding each node, evaluating to the list of all of them.</summary>
    public string ToNix(string prefix)
    {
        var text = new StringBuilder("(let\n");
        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            var outputs = node.FixedOutputMode is null ? node.Outputs : ["out"];
            text.Append($"  {prefix}{i} = derivation {{\n    name = \"{node.Name}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\";\n");
            text.Append($"    args = [ \"-c\" {Quote(string.Join(' ', node.Env.Select(e => e.Value)))} ];\n");
            if (node.FixedOutputMode is { } mode)
            {
                text.Append($"    outputHashMode = \"{mode}\"; outputHashAlgo = \"sha256\"; outputHash = \"{node.Hash}\";\n");
            }
            else
            {
                text.Append($"    outputs = [ {string.Join(' ', outputs.Select(o => $"\"{o}\""))} ];\n");
            }

            foreach (var (key, value) in node.Env.DistinctBy(e => e.Key))
            {
                text.Append($"    k{key} = {Quote(value)};\n");
            }

            if (i > 0)
            {
                foreach (var (pick, output) in node.Dependencies.DistinctBy(d => d.Pick % i))
                {
                    var dep = Nodes[pick % i];
                    var depOutputs = dep.FixedOutputMode is null ? dep.Outputs : ["out"];
                    text.Append($"    dep{pick % i} = {prefix}{pick % i}.{depOutputs[output % depOutputs.Length]};\n");
                }
            }

            text.Append("  };\n");
        }

        text.Append($"in [ {string.Join(' ', Enumerable.Range(0, Nodes.Count).Select(i => $"{prefix}{i}"))} ])");
        return text.ToString();
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '$' => "\\$",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>One derivation: a fixed output when <see cref="FixedOutputMode"/> is set (with <see cref="Hash"/>).</summary>
    internal sealed record Node(
        string Name,
        string[] Outputs,
        (string Key, string Value)[] Env,
        string? FixedOutputMode,
        string Hash,
        (int Pick, int Output)[] Dependencies);
}
