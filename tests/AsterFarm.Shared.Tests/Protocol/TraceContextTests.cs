using System.Diagnostics;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Shared.Tests.Protocol;

public sealed class TraceContextTests
{
    [Fact]
    public void A_trace_context_taken_from_an_activity_continues_the_same_trace_on_the_receiver()
    {
        using var activity = new Activity("dispatch").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "asterfarm=builder-0";

        var context = TraceContext.From(activity);

        Assert.NotNull(context);
        Assert.True(context.TryGetActivityContext(out var parent), $"'{context.TraceParent}' should parse");
        Assert.Equal(activity.TraceId, parent.TraceId);
        Assert.Equal(activity.SpanId, parent.SpanId);
        Assert.Equal("asterfarm=builder-0", parent.TraceState);
        Assert.True(parent.IsRemote);
    }

    [Fact]
    public void Without_an_activity_there_is_no_trace_context_and_a_malformed_header_is_rejected()
    {
        Assert.Null(TraceContext.From(null));
        Assert.False(new TraceContext("not-a-traceparent", null).TryGetActivityContext(out _));
    }
}
