using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.Observability;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// One response being generated: turns the engine's updates into output items and the stream's events, in the
/// order OpenAI sends them (item added, part added, deltas, done events), and ends in one terminal state —
/// completed, incomplete (a length or content limit), failed (the engine failed after it started) or cancelled.
/// Used alike when streamed, answered whole, or run in the background.
/// </summary>
internal sealed class ResponseRun(ResponseObject template, CompletionMeter meter)
{
    private readonly List<ResponseItem> _output = [];
    private readonly StringBuilder _text = new();
    private string? _messageId;
    private UsageDetails? _usage;
    private ChatFinishReason? _finish;

    /// <summary>The response as it stands: the template until the run ends, then its final state.</summary>
    public ResponseObject Response { get; private set; } = template;

    /// <summary>The events after <c>response.created</c> and <c>response.in_progress</c>, ending with the terminal one.</summary>
    /// <param name="first">Whether <paramref name="updates"/> already holds a first update (awaited before any byte was sent).</param>
    /// <param name="cancelled">When this token fires (a background response's cancel), the run ends as cancelled.</param>
    public async IAsyncEnumerable<ResponseStreamEvent> RunAsync(
        IAsyncEnumerator<ChatResponseUpdate> updates, bool first, CancellationToken cancelled, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var _ = updates;
        ApiException? failure = null;
        var wasCancelled = false;
        for (var more = first; more;)
        {
            var update = updates.Current;
            meter.Token();
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        foreach (var e in Text(text.Text)) yield return e;
                        break;
                    case FunctionCallContent call:
                        foreach (var e in CloseMessage("completed")) yield return e;
                        foreach (var e in Call(call)) yield return e;
                        break;
                    case ImageGenerationCallContent image:
                        foreach (var e in CloseMessage("completed")) yield return e;
                        foreach (var e in ImageGenerationCallStream.Events(image, _output)) yield return e;
                        break;
                    case UsageContent usage:
                        _usage = usage.Details;
                        break;
                }
            }
            _finish ??= update.FinishReason;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                wasCancelled = true;
                more = false;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                failure = ErrorMapping.ToApiException(e);
                more = false;
            }
        }

        var incomplete = _finish == ChatFinishReason.Length ? "max_output_tokens" : _finish == ChatFinishReason.ContentFilter ? "content_filter" : null;
        foreach (var e in CloseMessage(incomplete is null && failure is null && !wasCancelled ? "completed" : "incomplete")) yield return e;
        meter.Completed(_usage);
        Response = Response with
        {
            Status = wasCancelled ? "cancelled" : failure is not null ? "failed" : incomplete is not null ? "incomplete" : "completed",
            Output = [.. _output],
            Error = failure is null ? null : new ResponseErrorDto(failure.Status >= 500 ? "server_error" : failure.Code ?? "invalid_prompt", failure.Message),
            IncompleteDetails = failure is null && incomplete is not null ? new IncompleteDetailsDto(incomplete) : null,
            Usage = Usage(_usage),
        };
        yield return Response.Status switch
        {
            "completed" => new ResponseCompletedEvent(Response),
            "incomplete" => new ResponseIncompleteEvent(Response),
            _ => new ResponseFailedEvent(Response),
        };
    }

    /// <summary>A run that never started (refused by the engine, or cancelled while queued) ends in this state.</summary>
    public ResponseObject End(string status, ApiException? failure) => Response = Response with
    {
        Status = status,
        Error = failure is null ? null : new ResponseErrorDto(failure.Status >= 500 ? "server_error" : failure.Code ?? "invalid_prompt", failure.Message),
    };

    private IEnumerable<ResponseStreamEvent> Text(string delta)
    {
        if (_messageId is null)
        {
            _messageId = ResponseIds.Message();
            yield return new OutputItemAddedEvent(_output.Count, new MessageItem(_messageId, "in_progress", "assistant", []));
            yield return new ContentPartAddedEvent(_messageId, _output.Count, 0, new OutputTextPart(""));
        }
        _text.Append(delta);
        yield return new OutputTextDeltaEvent(_messageId, _output.Count, 0, delta);
    }

    private IEnumerable<ResponseStreamEvent> CloseMessage(string status)
    {
        if (_messageId is null) yield break;
        var text = _text.ToString();
        var part = new OutputTextPart(text);
        var index = _output.Count;
        yield return new OutputTextDoneEvent(_messageId, index, 0, text);
        yield return new ContentPartDoneEvent(_messageId, index, 0, part);
        var message = new MessageItem(_messageId, status, "assistant", [part]);
        _output.Add(message);
        yield return new OutputItemDoneEvent(index, message);
        _messageId = null;
        _text.Clear();
    }

    private IEnumerable<ResponseStreamEvent> Call(FunctionCallContent call)
    {
        var id = ResponseIds.FunctionCall();
        var index = _output.Count;
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), OpenAIJson.Options);
        var callId = string.IsNullOrEmpty(call.CallId) ? "call_" + id[3..] : call.CallId;
        yield return new OutputItemAddedEvent(index, new FunctionCallItem(id, "in_progress", callId, call.Name, ""));
        // The engine hands over a call whole (its grammar finished it), so its arguments are one delta.
        yield return new FunctionCallArgumentsDeltaEvent(id, index, arguments);
        yield return new FunctionCallArgumentsDoneEvent(id, index, call.Name, arguments);
        var item = new FunctionCallItem(id, "completed", callId, call.Name, arguments);
        _output.Add(item);
        yield return new OutputItemDoneEvent(index, item);
    }

    public static ResponseUsageDto? Usage(UsageDetails? usage)
    {
        if (usage is null) return null;
        var input = (int)(usage.InputTokenCount ?? 0);
        var output = (int)(usage.OutputTokenCount ?? 0);
        return new ResponseUsageDto(input, new InputTokensDetailsDto((int)(usage.CachedInputTokenCount ?? 0)), output, new OutputTokensDetailsDto(0), input + output);
    }
}
