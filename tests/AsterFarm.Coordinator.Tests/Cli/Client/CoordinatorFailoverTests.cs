using System.Net;
using System.Net.Http.Json;
using AsterFarm.Coordinator.Cli.Client;

namespace AsterFarm.Coordinator.Tests.Cli.Client;

public sealed class CoordinatorFailoverTests
{
    private static readonly Uri First = new("http://coordinator-0:8080/");
    private static readonly Uri Second = new("http://coordinator-1:8080/");

    [Fact]
    public async Task A_request_to_a_dead_coordinator_goes_to_the_next_and_later_requests_stay_there()
    {
        var hosts = new Hosts { [First.Host] = _ => throw new HttpRequestException("Connection refused") };
        using var http = Client(hosts, First, Second);

        using var first = await http.GetAsync(new Uri("api/v1/runs/abc", UriKind.Relative));
        using var second = await http.GetAsync(new Uri("api/v1/runs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["coordinator-0/api/v1/runs/abc", "coordinator-1/api/v1/runs/abc", "coordinator-1/api/v1/runs"], hosts.Seen);
    }

    [Fact]
    public async Task A_503_while_the_scheduler_moves_is_retried_until_a_coordinator_answers_and_json_bodies_are_sent_again()
    {
        var unavailable = 3;
        var hosts = new Hosts
        {
            [First.Host] = _ => Unavailable(),
            [Second.Host] = _ => --unavailable >= 0 ? Unavailable() : new HttpResponseMessage(HttpStatusCode.OK),
        };
        using var http = Client(hosts, First, Second);

        using var response = await http.PostAsJsonAsync(new Uri("api/v1/runs", UriKind.Relative), new Dictionary<string, string> { ["roots"] = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, hosts.Seen.Count);
        Assert.All(hosts.Bodies, body => Assert.Contains("\"roots\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_unreachable_coordinator_fails_at_once_and_other_answers_are_returned_as_they_are()
    {
        var hosts = new Hosts { [First.Host] = _ => throw new HttpRequestException("Connection refused") };
        using var single = Client(hosts, First);
        var answers = new Hosts { [First.Host] = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized) };
        using var refusing = Client(answers, First, Second);

        await Assert.ThrowsAsync<HttpRequestException>(() => single.GetAsync(new Uri("api/v1/runs", UriKind.Relative)));
        using var response = await refusing.GetAsync(new Uri("api/v1/runs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(answers.Seen);
    }

    private static HttpResponseMessage Unavailable()
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        return response;
    }

    private static HttpClient Client(Hosts hosts, params Uri[] coordinators) =>
        new(new CoordinatorFailover(coordinators, TimeSpan.FromSeconds(30), hosts)) { BaseAddress = coordinators[0] };

    /// <summary>Answers per host name; records each request's host and path and its body.</summary>
    private sealed class Hosts : HttpMessageHandler, IEnumerable<KeyValuePair<string, Func<HttpRequestMessage, HttpResponseMessage>>>
    {
        private readonly Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> _answers = [];

        public List<string> Seen { get; } = [];

        public List<string> Bodies { get; } = [];

        public Func<HttpRequestMessage, HttpResponseMessage> this[string host]
        {
            set => _answers[host] = value;
        }

        public IEnumerator<KeyValuePair<string, Func<HttpRequestMessage, HttpResponseMessage>>> GetEnumerator() => _answers.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request.RequestUri!.Host + request.RequestUri.AbsolutePath);
            if (request.Content is not null)
            {
                Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return _answers.TryGetValue(request.RequestUri.Host, out var answer) ? answer(request) : new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
