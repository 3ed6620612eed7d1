using AsterFarm.Coordinator.Cache;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Cache;

[Collection(ProcessEnvironment.Name)]
public sealed class CacheOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new CacheOptions();

        Assert.Equal("http://127.0.0.1:5480", options.ListenUrl);
        Assert.Equal(41, options.Priority);
        Assert.Equal(NarCompression.Zstd, options.Compression);
        Assert.False(options.ReadsNeedToken);
        Assert.Null(options.MaxBytes);
    }

    [Fact]
    public async Task Environment_variables_override_the_cache_settings()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Cache__Priority", "77");
        Environment.SetEnvironmentVariable("AsterFarm__Cache__ReadsNeedToken", "true");
        Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxBytes", "1048576");
        Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxNarSize", "2097152");
        Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxCompressionRatio", "50");
        try
        {
            await using var app = CacheServer.Build();
            var options = app.Services.GetRequiredService<CacheOptions>();

            Assert.Equal(77, options.Priority);
            Assert.True(options.ReadsNeedToken);
            Assert.Equal(1048576, options.MaxBytes);
            Assert.Equal(2097152, options.ToStoreOptions().MaxNarSize);
            Assert.Equal(50, options.ToStoreOptions().MaxCompressionRatio);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Cache__Priority", null);
            Environment.SetEnvironmentVariable("AsterFarm__Cache__ReadsNeedToken", null);
            Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxBytes", null);
            Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxNarSize", null);
            Environment.SetEnvironmentVariable("AsterFarm__Cache__MaxCompressionRatio", null);
        }
    }
}
