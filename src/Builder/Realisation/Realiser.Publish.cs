using AsterFarm.Shared.Derivations.Hashing;

namespace AsterFarm.Builder.Realisation;

public sealed partial class Realiser
{
    /// <summary>
    /// The last step of every build, local or remote: refuses outputs whose paths are not the ones the derivation check
    /// computed, then uploads the outputs (NAR before narinfo) with the log alongside (its own request). A failed
    /// output upload wins over the log's.
    /// </summary>
    private async Task<RealisationResult> PublishAsync(
        RealiseRequest request,
        DerivationVerification verified,
        IReadOnlyList<CheckedOutput> checkedOutputs,
        string logFile,
        PhaseTimer timer,
        CancellationToken cancellationToken)
    {
        if (UploadMismatch(verified, checkedOutputs) is { } mismatch)
        {
            return Failed(request, timer, mismatch);
        }

        var logUpload = UploadLogAsync(request.DrvPath, logFile, cancellationToken);
        List<RealisedOutput> realised;
        RealisationFailure? uploadFailure;
        try
        {
            (realised, uploadFailure) = await UploadOutputsAsync(request.DrvPath, checkedOutputs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await logUpload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        if (uploadFailure is not null)
        {
            await logUpload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Failed(request, timer, uploadFailure);
        }

        await logUpload.ConfigureAwait(false);
        return new RealisationResult(request.DrvPath, realised, timer.Snapshot(), null);
    }
}
