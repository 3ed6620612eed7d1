using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>POSTs an evaluation's report to a jobset's webhook, retrying with doubling waits on failure.</summary>
internal sealed class WebhookPoster(HttpClient http, int attempts, TimeSpan firstDelay, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Null when delivered (a 2xx answer), else why the last try failed.</summary>
    public async Task<string?> PostAsync(Uri url, EvaluationReport report, CancellationToken cancellationToken)
    {
        string? failure = null;
        var delay = firstDelay;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(url, report, Json, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                failure = $"HTTP {(int)response.StatusCode} from {url}";
            }
            catch (HttpRequestException error)
            {
                failure = $"{url}: {error.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"{url}: timed out";
            }

            if (attempt < attempts)
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        return $"{failure} (after {attempts} tries)";
    }
}
