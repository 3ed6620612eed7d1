using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations;

/// <summary>
/// An immutable store derivation (<c>.drv</c>, nix-formats.md §3). Maps and sets are kept in the order Nix
/// prints them: strings byte-wise on UTF-8 (<see cref="Utf8OrdinalComparer"/>), store paths by base name.
/// Strings are .NET strings; a derivation must therefore be valid UTF-8 (Nix itself allows any bytes).
/// </summary>
public sealed class Derivation : IEquatable<Derivation>
{
    private static readonly IComparer<StorePath> PathOrder = Comparer<StorePath>.Default;

    private readonly string[] _args;

    internal Derivation(
        SortedArrayDictionary<string, DerivationOutput> outputs,
        SortedArrayDictionary<StorePath, SortedArraySet<string>> inputDrvs,
        SortedArraySet<StorePath> inputSrcs,
        string system,
        string builder,
        string[] args,
        SortedArrayDictionary<string, string> env)
    {
        Outputs = outputs;
        InputDrvs = inputDrvs;
        InputSrcs = inputSrcs;
        System = system;
        Builder = builder;
        _args = args;
        Env = env;
        Name = NameOf(env) ?? throw new ArgumentException(MissingNameMessage, nameof(env));
    }

    /// <summary>Outputs by name, sorted by name.</summary>
    public SortedArrayDictionary<string, DerivationOutput> Outputs { get; }

    /// <summary>Input derivations (their <c>.drv</c> paths) with the output names wanted from each.</summary>
    public SortedArrayDictionary<StorePath, SortedArraySet<string>> InputDrvs { get; }

    /// <summary>Input sources: plain store paths the build needs.</summary>
    public SortedArraySet<StorePath> InputSrcs { get; }

    /// <summary>The platform, e.g. <c>x86_64-linux</c>.</summary>
    public string System { get; }

    public string Builder { get; }

    /// <summary>Builder arguments in their original order.</summary>
    public IReadOnlyList<string> Args => _args;

    internal ReadOnlySpan<string> ArgSpan => _args;

    /// <summary>The build environment, sorted by key.</summary>
    public SortedArrayDictionary<string, string> Env { get; }

    /// <summary>
    /// The name the evaluator gave the derivation: <c>env["name"]</c>, or with <c>__structuredAttrs</c> the
    /// <c>name</c> member of <c>env["__json"]</c> (structured derivations keep no other env entries).
    /// </summary>
    public string Name { get; }

    internal const string MissingNameMessage =
        "a derivation needs an env entry 'name' (or a string 'name' in the structured attrs of env '__json')";

    internal static string? NameOf(SortedArrayDictionary<string, string> env)
    {
        if (env.TryGetValue("name", out var name))
        {
            return name;
        }

        if (!env.TryGetValue("__json", out var json))
        {
            return null;
        }

        try
        {
            using var document = global::System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == global::System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("name", out var value)
                && value.ValueKind == global::System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (global::System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Builds a derivation from collections in any order (they are sorted as Nix sorts them).
    /// Throws <see cref="ArgumentException"/> for duplicate output or env keys, or when <c>env</c> lacks <c>name</c>.
    /// </summary>
    public static Derivation Create(
        IEnumerable<KeyValuePair<string, DerivationOutput>> outputs,
        IEnumerable<KeyValuePair<StorePath, IEnumerable<string>>> inputDrvs,
        IEnumerable<StorePath> inputSrcs,
        string system,
        string builder,
        IEnumerable<string> args,
        IEnumerable<KeyValuePair<string, string>> env)
    {
        ArgumentNullException.ThrowIfNull(inputDrvs);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        return new Derivation(
            SortedArrayDictionary<string, DerivationOutput>.Create(outputs, Utf8OrdinalComparer.Instance),
            SortedArrayDictionary<StorePath, SortedArraySet<string>>.Create(
                inputDrvs.Select(kv => KeyValuePair.Create(kv.Key, SortedArraySet<string>.Create(kv.Value, Utf8OrdinalComparer.Instance))),
                PathOrder),
            SortedArraySet<StorePath>.Create(inputSrcs, PathOrder),
            system,
            builder,
            args.ToArray(),
            SortedArrayDictionary<string, string>.Create(env, Utf8OrdinalComparer.Instance));
    }

    /// <summary>A copy with other outputs and environment (how the evaluator fills in output paths).</summary>
    public Derivation With(SortedArrayDictionary<string, DerivationOutput> outputs, SortedArrayDictionary<string, string> env) =>
        new(outputs, InputDrvs, InputSrcs, System, Builder, _args, env);

    /// <summary>
    /// The derivation's kind (nix-formats.md §3.3). Throws <see cref="InvalidOperationException"/> when outputs
    /// mix kinds, when there are none, or when a fixed output is not the single output <c>out</c>, as Nix does.
    /// </summary>
    public DerivationType Type
    {
        get
        {
            if (Outputs.Count == 0)
            {
                throw new InvalidOperationException($"derivation '{Name}' has no outputs");
            }

            DerivationType? kind = null;
            foreach (var output in Outputs.ValueSpan)
            {
                var next = output switch
                {
                    InputAddressedOutput => DerivationType.InputAddressed,
                    DeferredOutput => DerivationType.DeferredInputAddressed,
                    FixedOutput => DerivationType.FixedOutput,
                    FloatingOutput => DerivationType.Floating,
                    _ => DerivationType.Impure,
                };
                if (kind is { } k && k != next)
                {
                    throw new InvalidOperationException($"derivation '{Name}' mixes output types ({k} and {next})");
                }

                kind = next;
            }

            if (kind == DerivationType.FixedOutput && (Outputs.Count != 1 || Outputs.KeySpan[0] != "out"))
            {
                throw new InvalidOperationException($"derivation '{Name}': a fixed output must be the single output named \"out\"");
            }

            return kind!.Value;
        }
    }

    /// <summary>Every store path the <c>.drv</c> file refers to: input sources and input derivations, sorted and distinct.</summary>
    public SortedArraySet<StorePath> References()
    {
        var all = new StorePath[InputSrcs.Count + InputDrvs.Count];
        InputSrcs.Span.CopyTo(all);
        InputDrvs.KeySpan.CopyTo(all.AsSpan(InputSrcs.Count));
        return SortedArraySet<StorePath>.FromArray(all, PathOrder);
    }

    public bool Equals(Derivation? other) =>
        other is not null
        && Outputs.Equals(other.Outputs)
        && InputDrvs.Equals(other.InputDrvs)
        && InputSrcs.Equals(other.InputSrcs)
        && System == other.System
        && Builder == other.Builder
        && Args.SequenceEqual(other.Args, StringComparer.Ordinal)
        && Env.Equals(other.Env);

    public override bool Equals(object? obj) => obj is Derivation other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Name, Outputs, InputDrvs, Env);

    public override string ToString() => $"Derivation {Name} ({Outputs.Count} outputs, {InputDrvs.Count} input drvs)";
}
