using AsterFarm.Shared.Derivations.Aterm;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations;

/// <summary>
/// Prints derivations in the ATerm form Nix 2.8 writes (nix-formats.md §3), byte for byte, and the
/// "modulo" form that <c>hashDerivationModulo</c> hashes (§5.1).
/// </summary>
public static class DerivationPrinter
{
    /// <summary>The exact bytes of the <c>.drv</c> file Nix would write for <paramref name="derivation"/>.</summary>
    public static byte[] Print(Derivation derivation, StoreDir storeDir)
    {
        var writer = new AtermWriter(EstimateSize(derivation));
        Write(writer, derivation, storeDir, maskOutputs: false, replacedInputs: null);
        return writer.ToArray();
    }

    /// <summary>
    /// The modulo form: input derivations replaced by <paramref name="replacedInputs"/> (hex hash → output names,
    /// printed in key order) and, with <paramref name="maskOutputs"/>, every output path and every env entry named
    /// like an output printed as <c>""</c>.
    /// </summary>
    public static byte[] PrintModulo(
        Derivation derivation, StoreDir storeDir, SortedArrayDictionary<string, SortedArraySet<string>> replacedInputs, bool maskOutputs)
    {
        ArgumentNullException.ThrowIfNull(replacedInputs);
        var writer = new AtermWriter(EstimateSize(derivation));
        Write(writer, derivation, storeDir, maskOutputs, replacedInputs);
        return writer.ToArray();
    }

    internal static void Write(
        AtermWriter w,
        Derivation drv,
        StoreDir storeDir,
        bool maskOutputs,
        SortedArrayDictionary<string, SortedArraySet<string>>? replacedInputs)
    {
        w.Raw("Derive(["u8);
        var outputNames = drv.Outputs.KeySpan;
        var outputs = drv.Outputs.ValueSpan;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (i > 0)
            {
                w.Byte((byte)',');
            }

            w.Byte((byte)'(');
            w.RawString(outputNames[i]);
            w.Byte((byte)',');
            var path = outputs[i].Path;
            w.RawString(maskOutputs || path is null ? string.Empty : storeDir.Print(path.Value));
            w.Byte((byte)',');
            w.RawString(outputs[i].HashAlgoField);
            w.Byte((byte)',');
            w.RawString(outputs[i].HashField);
            w.Byte((byte)')');
        }

        w.Raw("],["u8);
        if (replacedInputs is null)
        {
            var drvPaths = drv.InputDrvs.KeySpan;
            var wanted = drv.InputDrvs.ValueSpan;
            for (var i = 0; i < drvPaths.Length; i++)
            {
                InputDrv(w, storeDir.Print(drvPaths[i]), wanted[i], first: i == 0);
            }
        }
        else
        {
            var keys = replacedInputs.KeySpan;
            var wanted = replacedInputs.ValueSpan;
            for (var i = 0; i < keys.Length; i++)
            {
                InputDrv(w, keys[i], wanted[i], first: i == 0);
            }
        }

        w.Raw("],["u8);
        var sources = drv.InputSrcs.Span;
        for (var i = 0; i < sources.Length; i++)
        {
            if (i > 0)
            {
                w.Byte((byte)',');
            }

            w.RawString(storeDir.Print(sources[i]));
        }

        w.Raw("],"u8);
        w.RawString(drv.System);
        w.Byte((byte)',');
        w.EscapedString(drv.Builder);
        w.Byte((byte)',');
        w.StringList(drv.ArgSpan, escape: true);
        w.Raw(",["u8);
        var keysOfEnv = drv.Env.KeySpan;
        var values = drv.Env.ValueSpan;
        for (var i = 0; i < keysOfEnv.Length; i++)
        {
            if (i > 0)
            {
                w.Byte((byte)',');
            }

            w.Byte((byte)'(');
            w.EscapedString(keysOfEnv[i]);
            w.Byte((byte)',');
            w.EscapedString(maskOutputs && drv.Outputs.ContainsKey(keysOfEnv[i]) ? string.Empty : values[i]);
            w.Byte((byte)')');
        }

        w.Raw("])"u8);
    }

    private static void InputDrv(AtermWriter w, string key, SortedArraySet<string> outputs, bool first)
    {
        if (!first)
        {
            w.Byte((byte)',');
        }

        w.Byte((byte)'(');
        w.RawString(key);
        w.Byte((byte)',');
        w.StringList(outputs.Span, escape: false);
        w.Byte((byte)')');
    }

    private static int EstimateSize(Derivation drv)
    {
        long size = 256;
        foreach (var (key, value) in drv.Env)
        {
            size += key.Length + value.Length + 8;
        }

        size += (drv.InputDrvs.Count + drv.InputSrcs.Count + drv.Outputs.Count) * 100;
        return (int)Math.Min(size, 1 << 26);
    }
}
