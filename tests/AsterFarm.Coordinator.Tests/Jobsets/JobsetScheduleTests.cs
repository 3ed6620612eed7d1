using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class JobsetScheduleTests
{
    [Fact]
    public void NightlySlotIsReadInTheJobsetsTimeZone()
    {
        Assert.True(JobsetSchedule.TryParse("0 2 * * *", "Europe/Berlin", out var schedule, out var error), error);

        // 02:00 in Berlin in January (UTC+1) is 01:00 UTC.
        var next = schedule.NextAfter(new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2025, 1, 2, 1, 0, 0, DateTimeKind.Utc), next);
    }

    [Fact]
    public void SecondsFieldIsAcceptedWhenSixFieldsAreGiven()
    {
        Assert.True(JobsetSchedule.TryParse("30 * * * * *", "UTC", out var schedule, out var error), error);

        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 30, DateTimeKind.Utc), schedule.NextAfter(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void MissedSlotsAreOwedOnceAsTheLatestOfThem()
    {
        Assert.True(JobsetSchedule.TryParse("0 * * * *", "UTC", out var schedule, out _));
        var after = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2025, 1, 1, 3, 0, 0, DateTimeKind.Utc), schedule.LatestDue(after, after.AddHours(3.5)));
        Assert.Null(schedule.LatestDue(after, after.AddMinutes(59)));
    }

    [Theory]
    [InlineData("0 2 * *", "UTC", "schedule '0 2 * *'")]
    [InlineData("0 2 * * *", "Mars/Olympus", "time zone 'Mars/Olympus' is unknown")]
    public void BadScheduleIsRefusedNamingWhatIsWrong(string cron, string zone, string expected)
    {
        Assert.False(JobsetSchedule.TryParse(cron, zone, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DefinitionProblemsNameEveryBadField()
    {
        var definition = new JobsetDefinition("bad name", "relative/path.nix", ["novalue"], "61 * * * *", "UTC", 0, false, -1, "ftp://x");

        var problems = definition.Problems();

        Assert.Collection(
            problems,
            problem => Assert.StartsWith("name 'bad name'", problem, StringComparison.Ordinal),
            problem => Assert.StartsWith("expression 'relative/path.nix'", problem, StringComparison.Ordinal),
            problem => Assert.StartsWith("argument 'novalue'", problem, StringComparison.Ordinal),
            problem => Assert.StartsWith("schedule '61 * * * *'", problem, StringComparison.Ordinal),
            problem => Assert.StartsWith("keep -1", problem, StringComparison.Ordinal),
            problem => Assert.StartsWith("webhook 'ftp://x'", problem, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidDefinitionHasNoProblemsAndMapsItsArguments()
    {
        var definition = new JobsetDefinition("nightly", "/srv/distro/release.nix", ["a=1", "b=x=y", "a=2"], "0 2 * * *", "UTC", 5, true, 3, "https://chat.example/hook");

        Assert.Empty(definition.Problems());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["b"] = "x=y" }, definition.ArgumentMap());
    }
}
