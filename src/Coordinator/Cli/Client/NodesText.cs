using System.Globalization;
using AsterFarm.Coordinator.Api;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>The text of <c>asterfarm nodes</c>: one line per member, then per builder what it offers and runs.</summary>
internal static class NodesText
{
    public static void Write(TextWriter output, IReadOnlyList<ClusterNodeView> nodes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
        {
            var reachable = node.Reachable ? string.Empty : ", unreachable";
            output.WriteLine($"{node.Builder?.Name ?? string.Join(",", node.Roles)}  {node.Address}  {node.Status}{reachable}  [{string.Join(", ", node.Roles)}]");
            if (node.Builder is not { } builder)
            {
                continue;
            }

            var emulated = builder.EmulatedSystems.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.System} (emulated, {e.Slowdown:0.##}x slower)"));
            output.WriteLine($"  systems:  {string.Join(", ", builder.NativeSystems.Concat(emulated))}");
            output.WriteLine($"  features: {(builder.Features.Count == 0 ? "none" : string.Join(", ", builder.Features))}");
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  slots:    {builder.FreeSlots} of {builder.Slots} free, {builder.CoresPerSlot} cores each, speed {builder.Speed:0.##}, class {builder.MachineClass}"));
            foreach (var machine in builder.RemoteMachines ?? [])
            {
                var mandatory = machine.MandatoryFeatures.Count == 0 ? string.Empty : $", mandatory {string.Join(", ", machine.MandatoryFeatures)}";
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  remote:   {machine.Uri}  {string.Join(", ", machine.Systems)}, {machine.MaxJobs} jobs, speed factor {machine.SpeedFactor:0.##}{mandatory}"));
                output.WriteLine(machine.Up
                    ? string.Create(CultureInfo.InvariantCulture, $"            up, {machine.BusySlots} of {machine.MaxJobs} jobs busy")
                    : $"            down: {machine.DownReason}");
            }

            foreach (var build in builder.Running)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  running:  {build.DrvPath} ({build.ElapsedSeconds:0.0} s)"));
            }
        }
    }
}
