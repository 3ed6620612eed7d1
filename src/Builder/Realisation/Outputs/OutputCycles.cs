using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation.Outputs;

/// <summary>Nix refuses outputs that refer to each other in a cycle (a self-reference is fine).</summary>
public static class OutputCycles
{
    /// <summary>
    /// Nix's message for the first cycle among <paramref name="outputs"/> (name → path and references), or null.
    /// </summary>
    public static string? Find(string drvPath, IReadOnlyList<(string Name, StorePath Path, IReadOnlySet<StorePath> References)> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var byPath = outputs.ToDictionary(o => o.Path);
        var state = new Dictionary<StorePath, bool>(); // false: on the stack, true: done
        string? Visit((string Name, StorePath Path, IReadOnlySet<StorePath> References) output)
        {
            state[output.Path] = false;
            foreach (var reference in output.References.Order())
            {
                if (reference == output.Path || !byPath.TryGetValue(reference, out var child))
                {
                    continue;
                }

                if (state.TryGetValue(reference, out var done))
                {
                    if (!done)
                    {
                        return $"cycle detected in build of '{drvPath}' in the references of output '{child.Name}' from output '{output.Name}'";
                    }

                    continue;
                }

                if (Visit(child) is { } cycle)
                {
                    return cycle;
                }
            }

            state[output.Path] = true;
            return null;
        }

        foreach (var output in outputs)
        {
            if (!state.ContainsKey(output.Path) && Visit(output) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
