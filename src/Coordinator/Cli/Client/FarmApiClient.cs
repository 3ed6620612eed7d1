using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Scheduler.Api;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>The run API as the command line uses it.</summary>
internal sealed class FarmApiClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<RunSubmitResponse> SubmitAsync(RunSubmitRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/runs", request, Json, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
        {
            return await response.Content.ReadFromJsonAsync<RunSubmitResponse>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("the coordinator answered an empty submission result");
        }

        throw await FailureAsync(response, "submit", cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunStatusView?> StatusAsync(string run, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"api/v1/runs/{run}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<RunStatusView>(Json, cancellationToken).ConfigureAwait(false)
            : throw await FailureAsync(response, "status", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the run; null when the coordinator does not know it.</summary>
    public async Task<RunStatusView?> CancelAsync(string run, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri($"api/v1/runs/{run}/cancel", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<RunStatusView>(Json, cancellationToken).ConfigureAwait(false)
            : throw await FailureAsync(response, "cancel", cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunStatusView>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("api/v1/runs", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<List<RunStatusView>>(Json, cancellationToken).ConfigureAwait(false) ?? []
            : throw await FailureAsync(response, "list runs", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when the coordinator closes the run's event stream, which it does right after the run ends (or
    /// when the stream fails or <paramref name="cancellationToken"/> fires): a prompt end signal for a poller.
    /// </summary>
    public async Task EventStreamEndAsync(string run, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(
                new Uri($"api/v1/runs/{run}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
        {
            // The caller polls anyway; the stream only wakes it early.
        }
    }

    public async Task<IReadOnlyList<ClusterNodeView>> NodesAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(ClusterApi.NodesPath.TrimStart('/'), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<List<ClusterNodeView>>(Json, cancellationToken).ConfigureAwait(false) ?? []
            : throw await FailureAsync(response, "list nodes", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The API's problem document (or body) as an exception naming <paramref name="what"/> failed.</summary>
    internal static async Task<Exception> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var detail) || problem.RootElement.TryGetProperty("title", out detail))
            {
                body = detail.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not a problem document: show the body as it is.
        }

        return new HttpRequestException($"{what}: HTTP {(int)response.StatusCode}: {body}", null, response.StatusCode);
    }
}
