namespace AsterFarm.Scheduling.Estimates;

/// <summary>
/// Build-time estimates learnt from finished builds, keyed by package name without version, system and machine
/// class. Falls back, in order, to the same package and system on any class (scaled by slot speed), to the same
/// package on any system (mirrored package sets on other architectures), then to the prior. Not thread-safe: owned
/// by the scheduling core's single thread.
/// </summary>
public sealed class DurationEstimator
{
    private readonly EstimatorOptions _options;
    private readonly Dictionary<(string Package, string System), int> _keys = [];
    private readonly Dictionary<string, int> _packages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
    private readonly List<int> _packageOfKey = [];
    // Means in seconds on one reference core (observed seconds × slot speed); NaN when nothing was observed.
    private readonly List<double> _referenceByKey = [];
    private readonly List<double> _referenceByPackage = [];
    private readonly List<bool> _keyHasClassHistory = [];
    // Means of observed seconds per (key, machine class): the most specific history.
    private readonly Dictionary<long, double> _byClass = [];

    public DurationEstimator(EstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Smoothing > 0 && options.Smoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Smoothing must be in (0, 1]");
        }

        _options = options;
    }

    /// <summary>The prior, in reference seconds, of a derivation for <paramref name="system"/> requiring <paramref name="features"/>.</summary>
    public double PriorSeconds(string system, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var prior = _options.PriorSeconds;
        if (_options.SystemPriorFactors.TryGetValue(system, out var systemFactor))
        {
            prior *= systemFactor;
        }

        foreach (var feature in features)
        {
            if (_options.FeaturePriorFactors.TryGetValue(feature, out var featureFactor))
            {
                prior *= featureFactor;
            }
        }

        return prior;
    }

    /// <summary>Estimated seconds of <paramref name="package"/> for <paramref name="system"/> on a slot of <paramref name="machineClass"/> running at <paramref name="speed"/>.</summary>
    public double EstimateSeconds(string package, string system, string machineClass, double speed, IEnumerable<string> features)
    {
        var key = KeyOf(package, system);
        return Seconds(key, ClassOf(machineClass), speed, PriorSeconds(system, features));
    }

    /// <summary>Learns that <paramref name="package"/> for <paramref name="system"/> took <paramref name="seconds"/> on a slot of <paramref name="machineClass"/> at <paramref name="speed"/>.</summary>
    public void Record(string package, string system, string machineClass, double speed, double seconds) =>
        Record(KeyOf(package, system), ClassOf(machineClass), speed, seconds);

    internal int KeyOf(string package, string system)
    {
        if (_keys.TryGetValue((package, system), out var key))
        {
            return key;
        }

        if (!_packages.TryGetValue(package, out var packageIndex))
        {
            packageIndex = _packages.Count;
            _packages.Add(package, packageIndex);
            _referenceByPackage.Add(double.NaN);
        }

        key = _keys.Count;
        _keys.Add((package, system), key);
        _packageOfKey.Add(packageIndex);
        _referenceByKey.Add(double.NaN);
        _keyHasClassHistory.Add(false);
        return key;
    }

    internal int ClassOf(string machineClass)
    {
        if (!_classes.TryGetValue(machineClass, out var index))
        {
            index = _classes.Count;
            _classes.Add(machineClass, index);
        }

        return index;
    }

    /// <summary>Reference-core seconds: what the critical path is made of.</summary>
    internal double ReferenceSeconds(int key, double prior)
    {
        var reference = _referenceByKey[key];
        if (!double.IsNaN(reference))
        {
            return reference;
        }

        var byPackage = _referenceByPackage[_packageOfKey[key]];
        return double.IsNaN(byPackage) ? prior : byPackage;
    }

    internal bool HasClassHistory(int key) => _keyHasClassHistory[key];

    internal double Seconds(int key, int machineClass, double speed, double prior)
    {
        if (_keyHasClassHistory[key] && _byClass.TryGetValue(ClassKey(key, machineClass), out var seconds))
        {
            return seconds;
        }

        return ReferenceSeconds(key, prior) / speed;
    }

    internal void Record(int key, int machineClass, double speed, double seconds)
    {
        if (!(seconds >= 0) || !(speed > 0))
        {
            return;
        }

        var weight = _options.Smoothing;
        var reference = seconds * speed;
        _referenceByKey[key] = Blend(_referenceByKey[key], reference, weight);
        var package = _packageOfKey[key];
        _referenceByPackage[package] = Blend(_referenceByPackage[package], reference, weight);
        var classKey = ClassKey(key, machineClass);
        _byClass[classKey] = Blend(_byClass.TryGetValue(classKey, out var old) ? old : double.NaN, seconds, weight);
        _keyHasClassHistory[key] = true;
    }

    private static double Blend(double mean, double sample, double weight) =>
        double.IsNaN(mean) ? sample : mean + (weight * (sample - mean));

    private static long ClassKey(int key, int machineClass) => ((long)key << 32) | (uint)machineClass;
}
