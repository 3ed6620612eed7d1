using AsterFarm.Builder.Realisation;

namespace AsterFarm.Builder.Tests.Realisation;

public sealed class SandboxSlotsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_build_waits_for_a_sandbox_until_one_of_the_slots_is_released()
    {
        var slots = new SandboxSlots(2);
        using var first = await slots.AcquireAsync(CancellationToken.None);
        using var second = await slots.AcquireAsync(CancellationToken.None);

        var third = slots.AcquireAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Release();
        using var acquired = await third.WaitAsync(Wait);
    }

    [Fact]
    public async Task Releasing_a_hold_twice_frees_one_slot_only()
    {
        var slots = new SandboxSlots(1);
        var hold = await slots.AcquireAsync(CancellationToken.None);

        hold.Release();
        hold.Dispose();
        using var next = await slots.AcquireAsync(CancellationToken.None).WaitAsync(Wait);

        Assert.False(slots.AcquireAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_for_a_sandbox_throws_and_takes_no_slot()
    {
        var slots = new SandboxSlots(1);
        using var held = await slots.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Release();
        using var next = await slots.AcquireAsync(CancellationToken.None).WaitAsync(Wait);
    }
}
