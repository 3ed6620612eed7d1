using System.Net.Http.Json;
using System.Text.Json;
using AsterFarm.Coordinator.Cli.Client;
using AsterFarm.Coordinator.Jobsets.Api;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Cli;

/// <summary>The jobsets API as the command line uses it; answers are kept as JSON documents (printed as they are with <c>--json</c>).</summary>
internal sealed class JobsetsApiClient(HttpClient http)
{
    public static JsonSerializerOptions Json { get; } = new(WebhookPoster.Json) { WriteIndented = true };

    public async Task SaveAsync(string name, JobsetRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(Path(name), request, Json, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"define jobset {name}", cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(new Uri(Path(name), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"remove jobset {name}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> EvaluateAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(Path(name) + "/evaluations", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"evaluate jobset {name}", cancellationToken).ConfigureAwait(false);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return body.RootElement.GetProperty("evaluation").GetInt32();
    }

    public Task<JsonDocument> ListAsync(CancellationToken cancellationToken) => GetAsync("api/v1/jobsets", "list jobsets", cancellationToken);

    public Task<JsonDocument> ShowAsync(string name, CancellationToken cancellationToken) => GetAsync(Path(name), $"show jobset {name}", cancellationToken);

    public Task<JsonDocument> EvaluationAsync(string name, int? number, CancellationToken cancellationToken) =>
        GetAsync($"{Path(name)}/evaluations/{(number is null ? "latest" : Number(number))}", $"show an evaluation of {name}", cancellationToken);

    /// <summary>The diff from <paramref name="from"/> (default: the finished evaluation before <paramref name="to"/>) to <paramref name="to"/> (default: the latest).</summary>
    public Task<JsonDocument> DiffAsync(string name, int? from, int? to, CancellationToken cancellationToken) =>
        GetAsync($"{Path(name)}/diff?from={Number(from)}&to={Number(to)}", $"diff evaluations of {name}", cancellationToken);

    public Task<JsonDocument> ChannelAsync(string name, CancellationToken cancellationToken) => GetAsync(Path(name) + "/channel", $"channel of {name}", cancellationToken);

    /// <summary>Pins or unpins <paramref name="paths"/>; answers every pinned path.</summary>
    public async Task<IReadOnlyList<string>> ChangePinsAsync(IReadOnlyList<string> paths, bool pin, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(pin ? "api/v1/pins" : "api/v1/pins/remove", new PinsRequest(paths), Json, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, pin ? "pin" : "unpin", cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<PinsRequest>(Json, cancellationToken).ConfigureAwait(false))?.Paths ?? [];
    }

    public async Task<IReadOnlyList<string>> PinsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetAsync("api/v1/pins", "list pins", cancellationToken).ConfigureAwait(false);
        return document.Deserialize<PinsRequest>(Json)?.Paths ?? [];
    }

    /// <summary>Asks for evaluation <paramref name="number"/> until it has failed or its run has ended.</summary>
    public async Task<EvaluationRecord> AwaitOverAsync(string name, int number, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var document = await EvaluationAsync(name, number, cancellationToken).ConfigureAwait(false);
            var record = document.Deserialize<EvaluationRecord>(Json) ?? throw new InvalidDataException("the coordinator answered an empty evaluation");
            if (record.IsOver)
            {
                return record;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Number(int? number) => number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Path(string name) => "api/v1/jobsets/" + Uri.EscapeDataString(name);

    private async Task<JsonDocument> GetAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, what, cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await FarmApiClient.FailureAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
    }
}
