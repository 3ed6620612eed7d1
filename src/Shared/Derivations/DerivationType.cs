namespace AsterFarm.Shared.Derivations;

/// <summary>The kind of a derivation as a whole, decided by its outputs (all outputs must share one kind).</summary>
public enum DerivationType
{
    /// <summary>Every output is input-addressed with a stated path.</summary>
    InputAddressed,

    /// <summary>Every output is input-addressed but deferred (no paths yet).</summary>
    DeferredInputAddressed,

    /// <summary>A single fixed output named <c>out</c>.</summary>
    FixedOutput,

    /// <summary>Content-addressed outputs whose paths are known after the build.</summary>
    Floating,

    /// <summary>Impure outputs.</summary>
    Impure,
}
