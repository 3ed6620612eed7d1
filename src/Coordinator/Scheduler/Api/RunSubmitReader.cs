using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>Reads the body of <c>POST /api/v1/runs</c>: a 415 unless it is JSON, a 400 naming what is wrong with it.</summary>
internal static class RunSubmitReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The request, or the problem to answer instead.</summary>
    public static async Task<(RunSubmitRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(
                $"a run submission is JSON: send Content-Type application/json, not '{request.ContentType ?? "none"}'",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        RunSubmitRequest? submitted;
        try
        {
            submitted = await JsonSerializer.DeserializeAsync<RunSubmitRequest>(request.Body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return (null, Bad($"the submission is not valid JSON of the expected shape: {error.Message}"));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Results.Problem($"the submission is larger than {RunsApi.MaxSubmitBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        // JSON null for the body or for "roots" is valid JSON the record's non-nullable types do not rule out.
        return submitted switch
        {
            null => (null, Bad("the submission is JSON null; expected {\"roots\": [\"/nix/store/…drv\", …]}")),
            { Roots: null } => (null, Bad("no roots given: \"roots\" is missing or null")),
            _ => (submitted, null),
        };
    }

    private static IResult Bad(string message) => Results.Problem(message, statusCode: StatusCodes.Status400BadRequest);
}
