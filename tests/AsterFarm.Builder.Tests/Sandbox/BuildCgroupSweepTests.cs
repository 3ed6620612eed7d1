using AsterFarm.Builder.Sandbox.Limits;

namespace AsterFarm.Builder.Tests.Sandbox;

public sealed class BuildCgroupSweepTests
{
    [Fact]
    public void Only_the_empty_groups_of_pool_processes_that_ended_are_swept()
    {
        var parent = Directory.CreateTempSubdirectory("asterfarm-cgroup-sweep-").FullName;
        try
        {
            // Above any pid_max: no process has this id.
            var ended = Path.Combine(parent, $"asterfarm-build-1073741824-{Guid.NewGuid():N}");
            var live = Path.Combine(parent, $"asterfarm-build-{Environment.ProcessId}-{Guid.NewGuid():N}");
            var busy = Path.Combine(parent, $"asterfarm-build-1073741825-{Guid.NewGuid():N}");
            var unpooled = Path.Combine(parent, $"asterfarm-build-{Guid.NewGuid():N}");
            var other = Path.Combine(parent, "asterfarm-build-1073741824-not-a-pool-name");
            foreach (var directory in new[] { ended, live, busy, unpooled, other })
            {
                Directory.CreateDirectory(directory);
            }

            // A group with a process in it cannot be removed (here: a directory that is not empty).
            File.WriteAllText(Path.Combine(busy, "cgroup.procs"), "1\n");

            var removed = BuildCgroup.SweepLeftovers([parent, Path.Combine(parent, "missing")]);

            Assert.Equal(1, removed);
            Assert.False(Directory.Exists(ended), "the empty group of an ended process was kept");
            Assert.True(Directory.Exists(live), "the group of a live process was removed");
            Assert.True(Directory.Exists(busy));
            Assert.True(Directory.Exists(unpooled), "a group the pool did not name was removed");
            Assert.True(Directory.Exists(other));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
