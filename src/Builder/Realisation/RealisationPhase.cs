namespace AsterFarm.Builder.Realisation;

/// <summary>The phases of a realisation, timed separately.</summary>
public enum RealisationPhase
{
    Fetch,
    Setup,
    Build,
    Scan,
    Upload,
}
