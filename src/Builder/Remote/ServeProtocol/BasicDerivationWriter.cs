using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// A derivation in the serve protocol's <c>BasicDerivation</c> form (Nix's <c>writeDerivation</c> to a sink): outputs
/// with their (path, method+algorithm, hash) fields as in the ATerm, input sources only (no input derivations), system,
/// builder, arguments and environment.
/// </summary>
public static class BasicDerivationWriter
{
    /// <param name="writer">The connection.</param>
    /// <param name="derivation">The parsed .drv.</param>
    /// <param name="inputs">The input sources sent: the .drv's sources plus the outputs of its input derivations.</param>
    /// <param name="storeDir">The store directory paths are printed in.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async ValueTask WriteAsync(
        ServeWriter writer, Derivation derivation, IReadOnlyCollection<StorePath> inputs, StoreDir storeDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(derivation);
        ArgumentNullException.ThrowIfNull(storeDir);
        await writer.WriteAsync((ulong)derivation.Outputs.Count, cancellationToken).ConfigureAwait(false);
        foreach (var (name, output) in derivation.Outputs)
        {
            await writer.WriteAsync(name, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(output.Path is { } path ? storeDir.Print(path) : string.Empty, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(output.HashAlgoField, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(output.HashField, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteAsync([.. inputs.Distinct().Order().Select(storeDir.Print)], cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(derivation.System, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(derivation.Builder, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(derivation.Args.ToArray(), cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync((ulong)derivation.Env.Count, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in derivation.Env)
        {
            await writer.WriteAsync(key, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        }
    }
}
