namespace AsterFarm.Builder.Realisation;

/// <summary>How long each phase of a realisation took (zero for phases not reached).</summary>
/// <param name="Fetch">Loading the .drv files and fetching the input closure.</param>
/// <param name="Setup">Build directory, environment, store view.</param>
/// <param name="Build">Running the builder.</param>
/// <param name="Scan">Canonicalising, hash checks, NAR + hash + reference scan.</param>
/// <param name="Upload">Compressing and uploading NARs, narinfos and the log.</param>
public sealed record RealisationTimings(TimeSpan Fetch, TimeSpan Setup, TimeSpan Build, TimeSpan Scan, TimeSpan Upload)
{
    public static readonly RealisationTimings Zero = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Fetch + Setup + Build + Scan + Upload;
}
