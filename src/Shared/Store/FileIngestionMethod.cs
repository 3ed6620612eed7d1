namespace AsterFarm.Shared.Store;

/// <summary>How content is hashed for a content-addressed path: the file's bytes, or the NAR of the tree (<c>r:</c>).</summary>
public enum FileIngestionMethod
{
    Flat,
    Recursive,
}
