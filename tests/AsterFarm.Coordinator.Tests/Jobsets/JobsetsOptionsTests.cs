using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Jobsets;
using AsterFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class JobsetsOptionsTests
{
    [Fact]
    public async Task EnvironmentVariableOverridesAJobsetsSetting()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Jobsets__SlowerRatio", "2.5");
        try
        {
            await using var app = CoordinatorNode.CreateBuilder(new NodeOverrides()).Build();
            var options = app.Services.GetRequiredService<JobsetsOptions>();

            Assert.Equal(2.5, options.SlowerRatio);
            Assert.Equal(TimeSpan.FromSeconds(15), options.TickInterval);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Jobsets__SlowerRatio", null);
        }
    }

    [Fact]
    public void InvalidSettingIsRefusedNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new JobsetsOptions { SlowerRatio = 0.5 }.Validate());

        Assert.Contains("SlowerRatio at least 1 (is 0.5)", error.Message, StringComparison.Ordinal);
    }
}
