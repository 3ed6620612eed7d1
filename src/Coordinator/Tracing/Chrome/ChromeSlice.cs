namespace AsterFarm.Coordinator.Tracing.Chrome;

/// <summary>A complete ("X") event before writing, in microseconds from the run's start.</summary>
internal sealed record ChromeSlice(string Name, string Category, long Start, long End, IReadOnlyList<ChromeSlice> Children, IReadOnlyList<KeyValuePair<string, object>> Args)
{
    public long Duration => End - Start;

    /// <summary>
    /// This slice with its children made to nest, as trace viewers require per thread: each child clipped to the
    /// parent and to after its previous sibling, empty ones dropped, recursively.
    /// </summary>
    public ChromeSlice Nested()
    {
        var children = new List<ChromeSlice>();
        var cursor = Start;
        foreach (var child in Children.OrderBy(c => c.Start))
        {
            var start = Math.Max(child.Start, cursor);
            var end = Math.Min(child.End, End);
            if (end > start)
            {
                children.Add((child with { Start = start, End = end }).Nested());
                cursor = end;
            }
        }

        return this with { Children = children };
    }
}
