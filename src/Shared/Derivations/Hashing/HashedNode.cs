using System.Runtime.CompilerServices;
using System.Text;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// What dependants need of a derivation hashed by <see cref="ParallelClosureVerifier"/>: its unmasked modulo hash
/// (shared by all its outputs) and which outputs it has. Kept inline in one array indexed by node id, so that
/// resolving the ~17 input references of a derivation reads one small struct each instead of chasing a node,
/// its modulo hash object, its hash bytes and its output name strings.
/// </summary>
internal readonly struct HashedNode
{
    /// <summary>Output names with a bit of their own; any other name sets <see cref="OtherOutputs"/>.</summary>
    public static readonly string[] CommonOutputs = ["out", "dev", "lib", "man", "bin", "doc", "info", "static"];

    private const ulong OtherOutputs = 1UL << 63;

    private readonly Digest _unmasked;
    private readonly ulong _outputs;

    public HashedNode(ReadOnlySpan<byte> unmasked, string[] outputNames, bool deferred)
    {
        unmasked.CopyTo(_unmasked);
        foreach (var name in outputNames)
        {
            var common = Array.IndexOf(CommonOutputs, name);
            _outputs |= common >= 0 ? 1UL << common : OtherOutputs;
        }

        Deferred = deferred;
        Done = true;
    }

    /// <summary>Hashed in this run (else the node's <see cref="ClosureNode.Modulo"/> was memoised before).</summary>
    public bool Done { get; }

    public bool Deferred { get; }

    /// <summary>Copies the hash of output <paramref name="output"/> (UTF-8) to <paramref name="digest"/>; false when there is no such output.</summary>
    public bool TryGetHash(ClosureNode node, ReadOnlySpan<byte> output, Span<byte> digest)
    {
        if (!HasOutput(node, output))
        {
            return false;
        }

        ((ReadOnlySpan<byte>)_unmasked).CopyTo(digest);
        return true;
    }

    /// <summary>The common output called <paramref name="utf8"/>, or -1.</summary>
    public static int CommonIndex(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < CommonOutputs.Length; i++)
        {
            if (utf8.Length == CommonOutputs[i].Length && Ascii.Equals(utf8, CommonOutputs[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private bool HasOutput(ClosureNode node, ReadOnlySpan<byte> output)
    {
        var common = CommonIndex(output);
        if (common >= 0)
        {
            return (_outputs & (1UL << common)) != 0;
        }

        if ((_outputs & OtherOutputs) == 0)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(output);
        return Array.IndexOf(node.OutputNames, text) >= 0;
    }

    [InlineArray(32)]
    private struct Digest
    {
        private byte _first;
    }
}
