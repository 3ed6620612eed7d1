using System.Net;

namespace AsterFarm.Coordinator.Tests.Cache;

public sealed class CacheReadAccessTests
{
    [Fact]
    public async Task With_reads_needing_the_token_anonymous_reads_get_401_and_token_holders_read()
    {
        await using var server = await CacheServerFixture.StartAsync(readsNeedToken: true);
        var path = TestNars.UniquePath();
        Assert.True((await server.Client().UploadPathAsync(path, new MemoryStream(TestNars.Unique()), [])).IsStored);

        using var anonymous = await server.Http.GetAsync(new Uri(path.HashPart + ".narinfo", UriKind.Relative));
        var withToken = await server.Client().GetNarInfoAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotNull(withToken);
        Assert.Null(await server.Client(token: null).GetNarInfoAsync(path));
    }
}
