using System.Collections.Concurrent;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Tests.Cache;
using AsterFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Tests.Hosting;

/// <summary>
/// The scheduler's settings live in one section, <c>AsterFarm:Scheduler</c>; deployments that still set
/// <c>AsterFarm__Farm__*</c> keep working and are told, per key, what to set instead.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class SchedulerSectionTests
{
    [Fact]
    public async Task Farm_settings_are_read_from_the_Scheduler_section_without_a_warning()
    {
        var (options, warnings) = await BuildWith(new() { ["AsterFarm__Scheduler__LeaseTimeout"] = "00:00:07" });

        Assert.Equal(TimeSpan.FromSeconds(7), options.LeaseTimeout);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task An_old_Farm_key_is_still_read_with_a_warning_naming_the_old_and_the_new_key()
    {
        var (options, warnings) = await BuildWith(new() { ["AsterFarm__Farm__LeaseTimeout"] = "00:00:09" });

        Assert.Equal(TimeSpan.FromSeconds(9), options.LeaseTimeout);
        var warning = Assert.Single(warnings);
        Assert.Contains("AsterFarm:Farm:LeaseTimeout", warning, StringComparison.Ordinal);
        Assert.Contains("AsterFarm__Farm__LeaseTimeout", warning, StringComparison.Ordinal);
        Assert.Contains("AsterFarm:Scheduler:LeaseTimeout", warning, StringComparison.Ordinal);
        Assert.Contains("AsterFarm__Scheduler__LeaseTimeout", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Scheduler_key_wins_over_the_same_setting_under_its_old_name()
    {
        var (options, warnings) = await BuildWith(new()
        {
            ["AsterFarm__Farm__MaxInfrastructureAttempts"] = "9",
            ["AsterFarm__Scheduler__MaxInfrastructureAttempts"] = "4",
        });

        Assert.Equal(4, options.MaxInfrastructureAttempts);
        Assert.Contains("AsterFarm:Farm:MaxInfrastructureAttempts", Assert.Single(warnings), StringComparison.Ordinal);
    }

    private static async Task<(FarmOptions Options, IReadOnlyList<string> Warnings)> BuildWith(Dictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var captured = new CapturedLog();
            var node = CoordinatorNode.CreateBuilder(new NodeOverrides());
            node.Logging.AddProvider(captured);
            await using var app = node.Build();
            return (app.Services.GetRequiredService<FarmOptions>(), captured.Warnings("AsterFarm.Configuration"));
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public IReadOnlyList<string> Warnings(string category) =>
            [.. _entries.Where(entry => entry.Category == category && entry.Level == LogLevel.Warning).Select(entry => entry.Message)];

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
