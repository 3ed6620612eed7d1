namespace AsterFarm.Scheduling.Core;

/// <summary>Dense small integers for strings (systems, features) so the hot paths index arrays instead of hashing.</summary>
internal sealed class Interner
{
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public int Intern(string name)
    {
        if (!_indices.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _indices.Add(name, index);
            _names.Add(name);
        }

        return index;
    }

    public bool TryGet(string name, out int index) => _indices.TryGetValue(name, out index);

    public string NameOf(int index) => _names[index];
}
