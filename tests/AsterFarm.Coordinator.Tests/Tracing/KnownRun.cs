using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tests.Tracing;

/// <summary>
/// A hand-built run whose true answers are worked out below (minutes from T0):
/// a (x86_64, x1/0, 0–12) fans out to b, c and d; e depends on b (a chain a → b → e).
/// b is riscv64 emulated on x1 at 5× (build 14–39: 25 min emulated = 5 min native, 20 lost);
/// d needs big-parallel and waits 12–20 until builder "big" joins; e waits 41–43 for an x86_64 slot.
/// Critical path a → b → e: 12 + 29 + (2 queue + 7) = 50 = the whole makespan.
/// </summary>
internal static class KnownRun
{
    public const string X86 = "x86_64-linux";
    public const string Riscv = "riscv64-linux";
    public static readonly DateTimeOffset T0 = new(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static TimeInterval Span(double from, double to) => new(At(from), At(to));

    public static TransferRecord Transfer(double from, double to) => new(Span(from, to), 1_000_000, 3, "coordinator-0");

    public static StepTimeline Step(
        string name, string system, double queued, string builder, int slot, double assigned, double build, double buildEnd, double finished,
        bool emulated = false, params WaitRecord[] waits) => new()
        {
            DrvPath = $"/nix/store/{name}.drv",
            Name = name,
            System = system,
            Queued = At(queued),
            Assigned = new SlotAssignment(builder, slot, At(assigned), emulated, emulated ? 5 : 1),
            Fetch = Transfer(assigned, assigned + 1),
            Setup = Span(assigned + 1, build),
            Build = Span(build, buildEnd),
            Scan = Span(buildEnd, finished - 1),
            Upload = Transfer(finished - 1, finished),
            Result = StepResult.Built,
            Finished = At(finished),
            Waits = waits,
        };

    public static WaitRecord OnDependency(string name, double from, double to) =>
        new(Span(from, to), WaitReason.Dependency, $"/nix/store/{name}.drv");

    public static RunTimeline Run(string run = "run-1", double eBuildEnd = 49, double eFinished = 50)
    {
        var a = Step("a", X86, 0, "x1", 0, 0, 2, 10, 12) with
        {
            BuildPhases = [new("configurePhase", Span(2, 4)), new("buildPhase", Span(4, 9)), new("installPhase", Span(9, 10))],
        };
        var b = Step("b", Riscv, 12, "x1", 0, 12, 14, 39, 41, emulated: true, OnDependency("a", 0, 12));
        var c = Step("c", X86, 12, "x1", 1, 12, 13, 17, 18, false, OnDependency("a", 0, 12));
        var d = Step(
            "d", X86, 12, "big", 0, 20, 21, 28, 30, false,
            OnDependency("a", 0, 12), new WaitRecord(Span(12, 20), WaitReason.NoCapableBuilder, "x86_64-linux with big-parallel"));
        var e = Step(
            "e", X86, 41, "x1", 1, 43, 44, eBuildEnd, eFinished, false,
            OnDependency("b", 0, 41), new WaitRecord(Span(41, 43), WaitReason.SlotsBusy, X86));
        return new RunTimeline(
            run,
            [a, b, c, d, e],
            [new("/nix/store/a.drv", "/nix/store/b.drv"), new("/nix/store/a.drv", "/nix/store/c.drv"),
             new("/nix/store/a.drv", "/nix/store/d.drv"), new("/nix/store/b.drv", "/nix/store/e.drv")],
            [new BuilderCapacity("x1", 2, [X86, Riscv]), new BuilderCapacity("big", 1, [X86])]);
    }
}
