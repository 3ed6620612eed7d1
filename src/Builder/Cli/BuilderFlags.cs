using System.CommandLine;
using System.Globalization;
using AsterFarm.Builder.Node;

namespace AsterFarm.Builder.Cli;

/// <summary>
/// The builder flags of <c>asterfarm-builder node</c>, as <c>AsterFarm:Builder:…</c> configuration keys; each unset flag
/// leaves the configuration file or environment value (<c>AsterFarm__Builder__Slots=4</c>, …).
/// </summary>
internal sealed class BuilderFlags
{
    private const string Section = BuilderNodeOptions.SectionName + ":";

    private readonly Option<string?> _name = new("--name") { Description = "Node name, unique in the cluster (env AsterFarm__Builder__NodeName; default host-PORT)" };
    private readonly Option<string[]> _cache = new("--cache") { Description = "Binary cache URL inputs come from and outputs go to; repeatable: replicas of one replicated cache, preferred first, an unreachable one skipped (env AsterFarm__Builder__CacheUrl, comma-separated); without it the node builds nothing" };
    private readonly Option<string?> _tokenFile = new("--token-file") { Description = "File holding the cache write token (env AsterFarm__Builder__TokenFile; default $ASTERFARM_TOKEN)" };
    private readonly Option<int?> _slots = new("--slots") { Description = "Builds run at once (env AsterFarm__Builder__Slots; default one per processor)" };
    private readonly Option<int?> _pipelineSlots = new("--pipeline-slots") { Description = "Dispatches taken beyond --slots, fetching or uploading while others build (env AsterFarm__Builder__PipelineSlots; default 0)" };
    private readonly Option<int?> _coresPerSlot = new("--cores-per-slot") { Description = "NIX_BUILD_CORES of each build (env AsterFarm__Builder__CoresPerSlot; default processors / slots)" };
    private readonly Option<string[]> _native = new("--native-system") { Description = "System built natively, repeatable (env AsterFarm__Builder__NativeSystems__0, …; default x86_64-linux)" };
    private readonly Option<string[]> _emulated = new("--emulated-system") { Description = "System built under QEMU when qemu-<arch>-static is on PATH, repeatable (env AsterFarm__Builder__EmulatedSystems__0, …; default riscv64-linux aarch64-linux); --emulated-system none offers none" };
    private readonly Option<double?> _slowdown = new("--emulation-slowdown") { Description = "How many times slower emulated builds are, as advertised (env AsterFarm__Builder__EmulationSlowdown; default 5)" };
    private readonly Option<string[]> _features = new("--feature") { Description = "System feature offered, repeatable (env AsterFarm__Builder__Features__0, …; default benchmark big-parallel)" };
    private readonly Option<string?> _machineClass = new("--machine-class") { Description = "Hardware class for duration history (env AsterFarm__Builder__MachineClass; default 'default')" };
    private readonly Option<double?> _speed = new("--speed") { Description = "Slot speed relative to a reference x86_64 core (env AsterFarm__Builder__Speed; default 1)" };
    private readonly Option<string?> _storeDir = new("--store-dir-local") { Description = "Local store of fetched inputs (env AsterFarm__Builder__StoreDirectory; default /var/lib/asterfarm/builder/store)" };
    private readonly Option<string?> _machines = new("--machines") { Description = "Nix/Hydra machines file of existing Nix machines to build on over SSH (env AsterFarm__Builder__Remote__MachinesFile; default none)" };
    private readonly Option<string?> _workDir = new("--work-dir") { Description = "Per-build directories (env AsterFarm__Builder__WorkDirectory; default /var/lib/asterfarm/builder/work)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _name, _cache, _tokenFile, _slots, _pipelineSlots, _coresPerSlot, _native, _emulated, _slowdown, _features, _machineClass, _speed, _storeDir, _workDir, _machines })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The given flags as configuration keys.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Read(ParseResult parseResult)
    {
        var keys = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                keys.Add(new(Section + key, value));
            }
        }

        void AddList(string key, string[]? values)
        {
            // "none" gives an empty list: an empty configured section replaces the default list.
            if (values is not { Length: > 0 })
            {
                return;
            }

            var given = values.Where(v => v != "none").ToArray();
            if (given.Length == 0)
            {
                keys.Add(new(Section + key, string.Empty));
            }

            for (var i = 0; i < given.Length; i++)
            {
                keys.Add(new($"{Section}{key}:{i}", given[i]));
            }
        }

        Add(nameof(BuilderNodeOptions.NodeName), parseResult.GetValue(_name));
        Add(nameof(BuilderNodeOptions.CacheUrl), parseResult.GetValue(_cache) is { Length: > 0 } caches ? string.Join(',', caches) : null);
        Add(nameof(BuilderNodeOptions.TokenFile), parseResult.GetValue(_tokenFile));
        Add(nameof(BuilderNodeOptions.Slots), Invariant(parseResult.GetValue(_slots)));
        Add(nameof(BuilderNodeOptions.PipelineSlots), Invariant(parseResult.GetValue(_pipelineSlots)));
        Add(nameof(BuilderNodeOptions.CoresPerSlot), Invariant(parseResult.GetValue(_coresPerSlot)));
        AddList(nameof(BuilderNodeOptions.NativeSystems), parseResult.GetValue(_native));
        AddList(nameof(BuilderNodeOptions.EmulatedSystems), parseResult.GetValue(_emulated));
        Add(nameof(BuilderNodeOptions.EmulationSlowdown), Invariant(parseResult.GetValue(_slowdown)));
        AddList(nameof(BuilderNodeOptions.Features), parseResult.GetValue(_features));
        Add(nameof(BuilderNodeOptions.MachineClass), parseResult.GetValue(_machineClass));
        Add(nameof(BuilderNodeOptions.Speed), Invariant(parseResult.GetValue(_speed)));
        Add(nameof(BuilderNodeOptions.StoreDirectory), parseResult.GetValue(_storeDir));
        Add(nameof(BuilderNodeOptions.WorkDirectory), parseResult.GetValue(_workDir));
        if (parseResult.GetValue(_machines) is { } machines)
        {
            keys.Add(new(Remote.RemoteMachineOptions.SectionName + ":" + nameof(Remote.RemoteMachineOptions.MachinesFile), Path.GetFullPath(machines)));
        }

        return keys;
    }

    private static string? Invariant<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture);
}
