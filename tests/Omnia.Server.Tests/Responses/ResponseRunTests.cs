using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Responses;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// The event sequence a response's updates become, from scripted updates (the engine's part is a fake here; the
/// same sequence through stories260K is in <see cref="ResponsesSdkTests"/>).
/// </summary>
public sealed class ResponseRunTests : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ServerMetrics _metrics;

    public ResponseRunTests() => _metrics = new ServerMetrics(_meters.GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        _metrics.Dispose();
        _meters.Dispose();
    }

    private static readonly ResponseObject Template = new()
    {
        Id = "resp_x", CreatedAt = 0, Status = "in_progress", Model = "m",
        Text = new ResponseTextDto(new ResponseTextFormatDto { Type = "text" }), ToolChoice = System.Text.Json.JsonSerializer.SerializeToElement("auto"),
    };

    private async Task<(List<ResponseStreamEvent> Events, ResponseObject Final)> RunAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancelled = default)
    {
        var run = new ResponseRun(Template, new CompletionMeter(_metrics, TimeProvider.System, "m", new TokenReservation(new RequestBudget("k", null), 0)));
        var enumerator = updates.GetAsyncEnumerator();
        var first = await enumerator.MoveNextAsync();
        var events = new List<ResponseStreamEvent>();
        await foreach (var e in run.RunAsync(enumerator, first, null, cancelled)) events.Add(e);
        return (events, run.Response);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Script(IEnumerable<ChatResponseUpdate> updates, Exception? failAtEnd = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
        if (failAtEnd is not null) throw failAtEnd;
    }

    private static ChatResponseUpdate Text(string text) => new(ChatRole.Assistant, text);

    private static ChatResponseUpdate Usage(ChatFinishReason finish) =>
        new(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3, CachedInputTokenCount = 4 })]) { FinishReason = finish };

    [Fact]
    public async Task Text_then_a_call_gives_OpenAIs_event_order_and_the_output_items()
    {
        var call = new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_9", "get_time", new Dictionary<string, object?> { ["city"] = "Oslo" })]);

        var (events, final) = await RunAsync(Script([Text("Hel"), Text("lo"), call, Usage(ChatFinishReason.ToolCalls)]));

        Assert.Equal(
        [
            OutputItemAddedEvent.EventType, ContentPartAddedEvent.EventType, OutputTextDeltaEvent.EventType, OutputTextDeltaEvent.EventType,
            OutputTextDoneEvent.EventType, ContentPartDoneEvent.EventType, OutputItemDoneEvent.EventType,
            OutputItemAddedEvent.EventType, FunctionCallArgumentsDeltaEvent.EventType, FunctionCallArgumentsDoneEvent.EventType, OutputItemDoneEvent.EventType,
            ResponseCompletedEvent.EventType,
        ], events.Select(e => e.EventName()));
        Assert.Equal("completed", final.Status);
        Assert.Equal("Hello", Assert.IsType<OutputTextPart>(Assert.Single(Assert.IsType<MessageItem>(final.Output[0]).Content)).Text);
        var function = Assert.IsType<FunctionCallItem>(final.Output[1]);
        Assert.Equal(("call_9", "get_time", """{"city":"Oslo"}"""), (function.CallId, function.Name, function.Arguments));
        Assert.Equal([0, 1], events.OfType<OutputItemDoneEvent>().Select(e => e.OutputIndex));
        Assert.Equal((10, 3, 13, 4), (final.Usage!.InputTokens, final.Usage.OutputTokens, final.Usage.TotalTokens, final.Usage.InputTokensDetails.CachedTokens));
    }

    [Fact]
    public async Task The_length_limit_is_incomplete_for_max_output_tokens()
    {
        var (events, final) = await RunAsync(Script([Text("Once"), Usage(ChatFinishReason.Length)]));

        Assert.Equal(ResponseIncompleteEvent.EventType, events[^1].EventName());
        Assert.Equal(("incomplete", "max_output_tokens"), (final.Status, final.IncompleteDetails!.Reason));
        Assert.Equal("incomplete", Assert.IsType<MessageItem>(Assert.Single(final.Output)).Status);
    }

    [Fact]
    public async Task An_engine_failure_after_the_start_fails_the_response_with_its_error()
    {
        var (events, final) = await RunAsync(Script([Text("Once")], new Omnia.Errors.EngineFailedException("decode failed")));

        Assert.Equal(ResponseFailedEvent.EventType, events[^1].EventName());
        Assert.Equal(("failed", "server_error"), (final.Status, final.Error!.Code));
        Assert.Contains(events, e => e is OutputItemDoneEvent);
    }

    [Fact]
    public async Task A_cancel_ends_it_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var (_, final) = await RunAsync(Script([Text("Once")], new OperationCanceledException(cancel.Token)), cancel.Token);

        Assert.Equal("cancelled", final.Status);
    }
}
