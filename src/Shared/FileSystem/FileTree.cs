using System.Text;

namespace AsterFarm.Shared.FileSystem;

/// <summary>
/// Removes a file tree whatever a build left in it: read-only directories (store trees are 0555), names that are not
/// UTF-8, and nesting of any depth. Directories deeper than a few levels are first moved up to the top of the tree, so
/// neither the stack nor the open descriptors grow with the depth.
/// </summary>
public static class FileTree
{
    private const int MaxNesting = 64;
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Removes <paramref name="path"/> (file, symlink or directory tree) if it exists; a symlink is never followed.</summary>
    public static void Delete(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var status = LinuxFileSystem.LStat(path);
        if (status.Kind == FileKind.Missing)
        {
            return;
        }

        if (status.Kind != FileKind.Directory)
        {
            File.Delete(path);
            return;
        }

        File.SetUnixFileMode(path, status.Mode | Owner);
        using (var root = NativeDirectory.Open(path))
        {
            var hoisted = new Queue<byte[]>();
            var counter = 0;
            RemoveContents(root, root, 0, hoisted, ref counter);
            while (hoisted.TryDequeue(out var name))
            {
                using (var directory = root.OpenDirectory(name))
                {
                    RemoveContents(directory, root, 0, hoisted, ref counter);
                }

                root.Remove(name, directory: true);
            }
        }

        Directory.Delete(path);
    }

    private static void RemoveContents(NativeDirectory directory, NativeDirectory root, int depth, Queue<byte[]> hoisted, ref int counter)
    {
        foreach (var name in directory.ReadNames())
        {
            var status = directory.Stat(name);
            if (status.Kind != FileKind.Directory)
            {
                directory.Remove(name, directory: false);
                continue;
            }

            if ((status.Mode & Owner) != Owner)
            {
                directory.SetMode(name, status.Mode | Owner);
            }

            if (depth >= MaxNesting)
            {
                // Continue from the top: this directory becomes an entry of the root, to be emptied later.
                var top = Encoding.ASCII.GetBytes($".asterfarm-deep-{counter++}-{Guid.NewGuid():N}");
                directory.Move(name, root, top);
                hoisted.Enqueue(top);
                continue;
            }

            using (var child = directory.OpenDirectory(name))
            {
                RemoveContents(child, root, depth + 1, hoisted, ref counter);
            }

            directory.Remove(name, directory: true);
        }
    }
}
