using Microsoft.Extensions.AI;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Server tools: a call the model makes to one is made by the response's task (after the turn is decided, for a
/// speculative answer: a call may have effects a dropped answer cannot take back), its item and result go through
/// the loop like everything else, and the generation goes on with the result. A call that needs approval becomes
/// an approval request; once the client approves it, the next response makes the call before it generates.
/// </summary>
public sealed partial class VoiceConversation
{
    /// <summary>An approval response must answer an approval request of the conversation, once.</summary>
    private void CheckAnswers(ConversationItem answer)
    {
        var request = _items.Find(answer.ApprovalRequestId);
        if (request?.Kind != ItemKind.ToolApprovalRequest)
            throw new ConversationException("item_not_found",
                $"'{answer.ApprovalRequestId}' is not an approval request of the conversation.", "item.approval_request_id");
        if (_items.All.Any(i => i.Kind == ItemKind.ToolApprovalResponse && i.ApprovalRequestId == request.Id))
            throw new ConversationException("invalid_value", $"Approval request '{request.Id}' is already answered.", "item.approval_request_id");
    }

    /// <summary>The approval requests the client approved whose calls are not made yet: the next response in the conversation makes them first.</summary>
    private List<ConversationItem> ApprovedCalls(ResponseOptions options)
    {
        if (!options.InConversation || options.Input is not null) return [];
        var items = _items.All;
        var approved = items.Where(i => i.Kind == ItemKind.ToolApprovalResponse && i.Approved == true).Select(i => i.ApprovalRequestId).ToHashSet();
        var made = items.Where(i => i.Kind == ItemKind.ToolCall).Select(i => i.ApprovalRequestId).ToHashSet();
        return items.Where(i => i.Kind == ItemKind.ToolApprovalRequest && approved.Contains(i.Id) && !made.Contains(i.Id)).ToList();
    }

    /// <summary>
    /// The model's text over as many rounds as its server tool calls take: each round's calls are made (or, when
    /// they need approval, asked for) and the next round reads their results; a client function call, an approval
    /// request or <see cref="ConversationLimits.MaxToolRounds"/> ends the rounds.
    /// </summary>
    private async IAsyncEnumerable<string> GenerateAsync(
        ActiveResponse response, List<ChatMessage> messages, IReadOnlyList<ConversationItem> approved,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = ChatOptionsFor(response.Options);
        foreach (var request in approved)
        {
            var tool = ServerToolOf(response.Options, request.Name!);
            await CallToolAsync(response, messages, tool, request.Source!, request.Name!, request.Arguments ?? "{}", request.Id, cancellationToken);
        }
        var maxRounds = _options.Limits.MaxToolRounds;
        for (var round = 0; ; round++)
        {
            var said = new System.Text.StringBuilder();
            var calls = new List<(FunctionCallContent Call, IServerTool Tool)>();
            var waitsForClient = false;
            var usedTokens = 0L;
            await foreach (var update in _chat.GetStreamingResponseAsync(messages, options, cancellationToken).WithCancellation(cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } text:
                            response.Trace?.Mark(LatencyTrace.FirstToken);
                            said.Append(text.Text);
                            yield return text.Text;
                            break;
                        case FunctionCallContent call when ServerToolOf(response.Options, call.Name) is { } tool:
                            calls.Add((call, tool));
                            break;
                        case FunctionCallContent call:
                            await PostAsync(new ResponseCalledFunction(response, call));
                            waitsForClient = true;
                            break;
                        case UsageContent usage:
                            usedTokens += usage.Details.OutputTokenCount ?? 0;
                            await PostAsync(new ResponseUsageReported(response, usage.Details));
                            break;
                    }
                }
            }
            // Past the last round a model that calls anyway (its engine ignored the tool mode) is not obeyed.
            if (calls.Count == 0 || round >= maxRounds) yield break;

            // What the model said this round stays in the prompt before the calls it made.
            if (said.Length > 0) messages.Add(new ChatMessage(ChatRole.Assistant, said.ToString()));
            foreach (var (call, tool) in calls)
            {
                var arguments = _engines.FunctionArguments.Write(call.Arguments);
                if (tool.RequiresApproval)
                {
                    await PostAsync(new ResponseAskedApproval(response, ConversationItem.ToolApprovalRequest(NewId("item_"), tool.Source, call.Name, arguments)));
                    waitsForClient = true;
                    continue;
                }
                await CallToolAsync(response, messages, tool, tool.Source, call.Name, arguments, null, cancellationToken);
            }
            if (waitsForClient) yield break;
            // Each round asks with options of its own: the engine may still hold the last round's.
            options = options.Clone();
            // max_output_tokens bounds the whole response, every round together.
            if (options.MaxOutputTokens is { } budget)
            {
                var left = budget - (int)usedTokens;
                if (left < 1) yield break;
                options.MaxOutputTokens = left;
            }
            // The next round answers from the results; the last one allowed must answer without tools.
            options.ToolMode = round + 1 >= maxRounds ? ChatToolMode.None : ChatToolMode.Auto;
        }
    }

    /// <summary>The server tool the model called by this name; null for the client's functions.</summary>
    private static IServerTool? ServerToolOf(ResponseOptions options, string name) =>
        options.ServerTools.FirstOrDefault(t => t.Declaration.Name == name);

    /// <summary>Makes one call (its item goes through the loop) and adds it and its result to the prompt; a failure is the call's result, never the response's.</summary>
    private async Task CallToolAsync(
        ActiveResponse response, List<ChatMessage> messages, IServerTool? tool, string source, string name, string arguments, string? approvalRequestId,
        CancellationToken cancellationToken)
    {
        // A speculative answer acts only once its turn is decided: a dropped answer cannot take back a call.
        if (!response.Released) await response.ListenerWaiting.Task.WaitAsync(cancellationToken);
        var id = NewId("item_");
        await PostAsync(new ResponseToolCallStarted(response, ConversationItem.ToolCall(id, source, name, arguments, approvalRequestId)));
        ToolResult result;
        if (tool is null)
        {
            result = ToolResult.Failed($"Tool '{name}' is no longer offered to this conversation.");
        }
        else
        {
            try
            {
                result = await tool.InvokeAsync(arguments, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = ToolResult.Failed(e.Message);
            }
        }
        result = Bounded(result, _options.Limits.MaxItemChars);
        await PostAsync(new ResponseToolCallFinished(response, id, result));
        IDictionary<string, object?>? values;
        try
        {
            values = _engines.FunctionArguments.Read(arguments);
        }
        catch (FormatException)
        {
            values = null;
        }
        messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, name, values)]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(id, ResultText(result))]));
    }

    /// <summary>What the model reads of a call's result.</summary>
    internal static string ResultText(ToolResult result) => result.Error is { } error ? "Error: " + error : result.Output ?? "";

    /// <summary>A result cut to what one item may hold, with a note saying so.</summary>
    private static ToolResult Bounded(ToolResult result, int maxChars)
    {
        static string? Cut(string? text, int max) =>
            text is null || text.Length <= max ? text : text[..Math.Max(0, max - 64)] + $"\n[cut at {Math.Max(0, max - 64)} characters]";
        var half = Math.Max(128, maxChars / 2);
        return new ToolResult(Cut(result.Output, half), Cut(result.Error, half));
    }

    private void StartToolCall(ActiveResponse response, ConversationItem call)
    {
        var index = AddOutput(response, call);
        Emit(new ToolCallStartedFrame(response.Id, index, call));
    }

    private void FinishToolCall(ActiveResponse response, string itemId, ToolResult result)
    {
        var index = response.Output.FindIndex(o => o.Id == itemId);
        if (index < 0) return;
        var call = response.Output[index] with { Status = ItemStatus.Completed, Output = result.Output, Error = result.Error };
        EndToolCall(response, index, call);
    }

    /// <summary>Calls still in progress when their response ended (cancelled, or failed): they end as incomplete.</summary>
    private void AbandonToolCalls(ActiveResponse response)
    {
        for (var i = 0; i < response.Output.Count; i++)
        {
            if (response.Output[i] is { Kind: ItemKind.ToolCall, Status: ItemStatus.InProgress } call)
                EndToolCall(response, i, call with { Status = ItemStatus.Incomplete, Error = "The response ended before the tool answered." });
        }
    }

    private void EndToolCall(ActiveResponse response, int index, ConversationItem call)
    {
        response.Output[index] = call;
        if (response.Options.InConversation) _items.Replace(call);
        Emit(new ToolCallDoneFrame(response.Id, index, call));
        Emit(new OutputItemDoneFrame(response.Id, index, call));
    }

    private void AskApproval(ActiveResponse response, ConversationItem request)
    {
        var index = AddOutput(response, request);
        Emit(new OutputItemDoneFrame(response.Id, index, request));
    }

    /// <summary>Adds an item to the response's output (and to the conversation, if the response is in it), announcing it.</summary>
    private int AddOutput(ActiveResponse response, ConversationItem item)
    {
        response.Output.Add(item);
        var index = response.Output.Count - 1;
        if (response.Options.InConversation)
        {
            foreach (var dropped in _items.MakeRoomFor(item)) Emit(new ItemDeletedFrame(dropped));
            _items.Add(item);
        }
        Emit(new OutputItemAddedFrame(response.Id, index, item));
        return index;
    }
}
