using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Tests.Cache;
using AsterFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Scheduler;

[Collection(ProcessEnvironment.Name)]
public sealed class FarmOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new FarmOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.ScheduleInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), options.SubmitTimeout);
        Assert.Equal(3, options.MaxInfrastructureAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryBackoff);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryBackoffMax);
        Assert.Equal(TimeSpan.FromHours(24), options.FailureCacheTtl);
    }

    [Fact]
    public async Task Environment_variables_override_the_farm_settings()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Scheduler__ScheduleInterval", "00:00:00.250");
        Environment.SetEnvironmentVariable("AsterFarm__Scheduler__MaxInfrastructureAttempts", "7");
        try
        {
            await using var app = CoordinatorNode.CreateBuilder(new NodeOverrides()).Build();
            var options = app.Services.GetRequiredService<FarmOptions>();

            Assert.Equal(TimeSpan.FromMilliseconds(250), options.ScheduleInterval);
            Assert.Equal(7, options.MaxInfrastructureAttempts);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Scheduler__ScheduleInterval", null);
            Environment.SetEnvironmentVariable("AsterFarm__Scheduler__MaxInfrastructureAttempts", null);
        }
    }
}
