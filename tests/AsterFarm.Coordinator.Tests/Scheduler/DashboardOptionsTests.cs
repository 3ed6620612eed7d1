using AsterFarm.Coordinator.Dashboard;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Tests.Cache;
using AsterFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Scheduler;

[Collection(ProcessEnvironment.Name)]
public sealed class DashboardOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new DashboardOptions();

        Assert.Equal((string.Empty, false, 50, 500, TimeSpan.FromSeconds(30)), (options.BasePath, options.ReadsNeedToken, options.PageSize, options.TimelineBars, options.CacheScanInterval));
        Assert.Equal("/", options.BaseHref);
    }

    [Fact]
    public async Task Environment_variables_override_the_dashboard_settings_and_the_base_path_becomes_the_pages_base()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Dashboard__BasePath", "/farm/");
        Environment.SetEnvironmentVariable("AsterFarm__Dashboard__ReadsNeedToken", "true");
        try
        {
            await using var app = CoordinatorNode.CreateBuilder(new NodeOverrides()).Build();
            var options = app.Services.GetRequiredService<DashboardOptions>();

            Assert.True(options.ReadsNeedToken);
            Assert.Equal("/farm/", options.BaseHref);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Dashboard__BasePath", null);
            Environment.SetEnvironmentVariable("AsterFarm__Dashboard__ReadsNeedToken", null);
        }
    }
}
