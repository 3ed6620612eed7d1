namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>Polls a condition until it holds or a deadline passes; the failure says what was expected and what was last seen.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> holds, TimeSpan timeout, string expected)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var timer = new PeriodicTimer(Interval);
        string last = "nothing observed yet";
        while (true)
        {
            try
            {
                var value = await observe();
                if (holds(value))
                {
                    return value;
                }

                last = value?.ToString() ?? "null";
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }
            catch (TaskCanceledException error) when (error.InnerException is TimeoutException)
            {
                // An HTTP request that timed out (a node busy starting on a loaded machine): look again.
                last = error.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {expected} within {timeout}; last observed: {last}");
            }

            await timer.WaitForNextTickAsync();
        }
    }
}
