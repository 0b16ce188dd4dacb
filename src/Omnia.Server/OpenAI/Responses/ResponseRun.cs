using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Responses.Mcp;

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
    /// <param name="mcp">
    /// The remote MCP tools, when the request has some: a call to one is made here and the generation goes on with
    /// its result, at most <see cref="McpOptions.MaxToolRounds"/> rounds; a call that needs approval ends the response.
    /// </param>
    public async IAsyncEnumerable<ResponseStreamEvent> RunAsync(
        IAsyncEnumerator<ChatResponseUpdate> updates, bool first, McpContinuation? mcp, CancellationToken cancelled,
        [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ApiException? failure = null;
        var wasCancelled = false;
        var current = updates;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancelled, cancellation);
        try
        {
            foreach (var item in mcp?.Preamble ?? []) foreach (var e in Done(item)) yield return e;
            for (var round = 0; ; round++)
            {
                var roundStart = _output.Count;
                var remote = new List<FunctionCallContent>();
                var clientCalls = false;
                UsageDetails? roundUsage = null;
                for (var more = first; more;)
                {
                    var update = current.Current;
                    meter.Token();
                    foreach (var content in update.Contents)
                    {
                        switch (content)
                        {
                            case TextContent { Text.Length: > 0 } text:
                                foreach (var e in Text(text.Text)) yield return e;
                                break;
                            case FunctionCallContent call when mcp?.Toolbox.Find(call.Name) is not null:
                                foreach (var e in CloseMessage("completed")) yield return e;
                                remote.Add(call);
                                break;
                            case FunctionCallContent call:
                                foreach (var e in CloseMessage("completed")) yield return e;
                                foreach (var e in Call(call)) yield return e;
                                clientCalls = true;
                                break;
                            case ImageGenerationCallContent image:
                                foreach (var e in CloseMessage("completed")) yield return e;
                                foreach (var e in ImageGenerationCallStream.Events(image, _output)) yield return e;
                                break;
                            case UsageContent usage:
                                roundUsage = usage.Details;
                                break;
                        }
                    }
                    _finish ??= update.FinishReason;
                    try
                    {
                        more = await current.MoveNextAsync();
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
                // Each round reports its own usage; the response's is their sum.
                if (roundUsage is not null)
                {
                    if (_usage is null) _usage = roundUsage;
                    else _usage.Add(roundUsage);
                }
                if (mcp is null || remote.Count == 0 || failure is not null || wasCancelled) break;

                foreach (var e in CloseMessage("completed")) yield return e;
                // What the model said this round stays in the prompt before the calls it made.
                foreach (var said in _output.Skip(roundStart).OfType<MessageItem>())
                    mcp.Messages.Add(new ChatMessage(ChatRole.Assistant, [new TextContent(string.Concat(said.Content.OfType<OutputTextPart>().Select(p => p.Text)))]));
                var waitsForClient = clientCalls;
                foreach (var call in remote)
                {
                    var server = mcp.Toolbox.Find(call.Name)!;
                    var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), OpenAIJson.Options);
                    if (server.Spec.Approval.Requires(call.Name))
                    {
                        foreach (var e in Done(new McpApprovalRequestItem(ResponseIds.McpApprovalRequest(), server.Spec.Label, call.Name, arguments))) yield return e;
                        waitsForClient = true;
                        continue;
                    }
                    var id = ResponseIds.McpCall();
                    var index = _output.Count;
                    foreach (var e in McpCallStarted(new McpCallItem(id, "in_progress", server.Spec.Label, call.Name, arguments, null, null), index)) yield return e;
                    var (output, error) = await server.CallAsync(call.Name, arguments, linked.Token);
                    var made = new McpCallItem(id, error is null ? "completed" : "failed", server.Spec.Label, call.Name, arguments, output, error);
                    foreach (var e in McpCallEnded(made, index)) yield return e;
                    ResponseItemChatMapper.AddMcpCall(mcp.Messages, made);
                }
                if (waitsForClient || _finish == ChatFinishReason.Length) break;
                // max_output_tokens bounds the whole response, every round together.
                if (mcp.Options.MaxOutputTokens is { } budget)
                {
                    var left = budget - (int)(roundUsage?.OutputTokenCount ?? 0);
                    if (left < 1)
                    {
                        _finish = ChatFinishReason.Length;
                        break;
                    }
                    mcp.Options.MaxOutputTokens = left;
                }

                // The next round answers from the results; the last one allowed must answer in text.
                _finish = null;
                mcp.Options.ToolMode = round + 1 >= mcp.Toolbox.Options.MaxToolRounds ? ChatToolMode.None : ChatToolMode.Auto;
                await current.DisposeAsync();
                current = mcp.Client.GetStreamingResponseAsync(mcp.Messages, mcp.Options, linked.Token).GetAsyncEnumerator(linked.Token);
                try
                {
                    first = await current.MoveNextAsync();
                }
                catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !cancellation.IsCancellationRequested)
                {
                    wasCancelled = true;
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    failure = ErrorMapping.ToApiException(e);
                    break;
                }
            }
        }
        finally
        {
            await current.DisposeAsync();
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

    /// <summary>An item already finished (a tool listing, an approval request, a call made before generation) and its events.</summary>
    private IEnumerable<ResponseStreamEvent> Done(ResponseItem item)
    {
        var index = _output.Count;
        switch (item)
        {
            case McpListToolsItem list:
                yield return new OutputItemAddedEvent(index, list with { Tools = [] });
                yield return new McpListToolsInProgressEvent(list.Id, index);
                yield return new McpListToolsCompletedEvent(list.Id, index);
                break;
            case McpCallItem call:
                foreach (var e in McpCallStarted(call with { Status = "in_progress", Output = null, Error = null }, index)) yield return e;
                foreach (var e in McpCallEnded(call, index)) yield return e;
                yield break;
            default:
                yield return new OutputItemAddedEvent(index, item);
                break;
        }
        _output.Add(item);
        yield return new OutputItemDoneEvent(index, item);
    }

    private static IEnumerable<ResponseStreamEvent> McpCallStarted(McpCallItem call, int index)
    {
        yield return new OutputItemAddedEvent(index, call with { Arguments = "" });
        // The engine hands over a call whole (its grammar finished it), so its arguments are one delta.
        yield return new McpCallArgumentsDeltaEvent(call.Id, index, call.Arguments);
        yield return new McpCallArgumentsDoneEvent(call.Id, index, call.Arguments);
        yield return new McpCallInProgressEvent(call.Id, index);
    }

    private IEnumerable<ResponseStreamEvent> McpCallEnded(McpCallItem call, int index)
    {
        yield return call.Error is null ? new McpCallCompletedEvent(call.Id, index) : new McpCallFailedEvent(call.Id, index);
        _output.Add(call);
        yield return new OutputItemDoneEvent(index, call);
    }

    public static ResponseUsageDto? Usage(UsageDetails? usage)
    {
        if (usage is null) return null;
        var input = (int)(usage.InputTokenCount ?? 0);
        var output = (int)(usage.OutputTokenCount ?? 0);
        return new ResponseUsageDto(input, new InputTokensDetailsDto((int)(usage.CachedInputTokenCount ?? 0)), output, new OutputTokensDetailsDto(0), input + output);
    }
}
