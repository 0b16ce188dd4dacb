using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Errors;
using Omnia.Moderation;

namespace Omnia.Voice.Conversation;

public sealed partial class VoiceConversation
{
    private ActiveResponse StartResponse(ResponseOptions options, LatencyTrace? trace, string? speculativeUserText = null)
    {
        if (_response is not null)
            throw new ConversationException("conversation_already_has_active_response",
                $"Conversation already has an active response in progress: {_response.Id}. Wait until the response is finished before creating a new one.");
        var messages = PromptOf(options, speculativeUserText);
        var approved = ApprovedCalls(options);
        var admitted = _engines.Admission?.Admit(messages, options.MaxOutputTokens, speculative: speculativeUserText is not null);
        // What the interpreter translates is read now, in the loop, like everything else of the conversation.
        var said = options.Translation is { Engine: TranslationEngine.Apertium }
            ? _items.All.LastOrDefault(i => i.Role == ItemRole.User)?.Text ?? ""
            : null;
        var response = new ActiveResponse(NewId("resp_"), options, CancellationTokenSource.CreateLinkedTokenSource(_closing.Token), admitted, trace,
            released: speculativeUserText is null);
        _response = response;
        Deliver(new ResponseStarted(response));
        Start(() => ProduceAsync(response, messages, approved, said));
        return response;
    }

    /// <summary>Starts the conversation's own answer; a refusal (one in progress, a rate limit) is reported, not thrown.</summary>
    private void StartResponseOrReport(LatencyTrace? trace)
    {
        try
        {
            StartResponse(_options.Response, trace);
        }
        catch (ConversationException e)
        {
            Emit(new ErrorFrame(e.ToError()));
        }
    }

    /// <summary>The prompt of a response: instructions, then the conversation (or the response's own input), then what the user is saying.</summary>
    private List<ChatMessage> PromptOf(ResponseOptions options, string? userSpeaking)
    {
        var items = options.Input is { } input
            ? input.Select(i => i.Item ?? _items.Get(i.ReferenceId)).ToList()
            : _items.All;
        var messages = ConversationPrompt.Build(options.Instructions, items, ChatHearsAudio, _engines.FunctionArguments);
        if (userSpeaking is not null) messages.Add(new ChatMessage(ChatRole.User, userSpeaking));
        return messages;
    }

    private ChatOptions ChatOptionsFor(ResponseOptions options)
    {
        List<AITool> tools = [.. options.Tools, .. options.ServerTools.Select(t => t.Declaration)];
        return new ChatOptions
        {
            // A response in the conversation grows the same prefix turn after turn: the engine keeps its cache for it.
            ConversationId = options.InConversation ? _conversationId : null,
            MaxOutputTokens = options.MaxOutputTokens,
            Temperature = options.Temperature,
            Tools = tools.Count > 0 ? tools : null,
            ToolMode = tools.Count == 0 ? null : options.ToolChoice switch
            {
                ToolChoice.None => ChatToolMode.None,
                ToolChoice.Required => ChatToolMode.RequireAny,
                _ => ChatToolMode.Auto,
            },
        };
    }

    /// <summary>Stops the response in progress, if any: generation and speech stop, and none of its audio goes out any more.</summary>
    private bool CancelActiveResponse(CancelReason reason)
    {
        if (_response is not { } response) return false;
        response.Cancelled = reason;
        response.Cancel.Cancel();
        if (response.Released) Emit(new ResponseInterruptedFrame(response.Id));
        return true;
    }

    /// <summary>The user went on speaking: the speculative answer is dropped without a trace, and the conversation is free for the next.</summary>
    private void Discard(ActiveResponse response)
    {
        response.Discarded = true;
        response.Held.Clear();
        response.Cancel.Cancel();
        if (_response == response) _response = null;
    }

    /// <summary>The turn is decided and the speculative answer fits it: everything it has produced goes out now.</summary>
    private void Release(ActiveResponse response)
    {
        response.Admission?.Confirm();
        response.Trace?.Mark(LatencyTrace.TurnDecided);
        response.Released = true;
        response.SpeakNow.TrySetResult();
        response.ListenerWaiting.TrySetResult();
        foreach (var held in response.Held) Apply(held);
        response.Held.Clear();
    }

    private void Deliver(LoopMessage message)
    {
        var response = message switch
        {
            ResponseProgress progress => progress.Response,
            ResponseStarted started => started.Response,
            _ => throw new ArgumentException("Not a response's message.", nameof(message)),
        };
        if (response.Discarded)
        {
            // Nothing of it goes out; what it used still settles its claim on the limits.
            if (message is ResponseUsageReported usage) response.Usage.Add(usage.Usage);
            if (message is not ResponseEnded) return;
            response.Admission?.Settle(response.Usage);
            response.Cancel.Dispose();
            return;
        }
        if (!response.Released)
        {
            response.Held.Add(message);
            return;
        }
        Apply(message);
    }

    private void Apply(LoopMessage message)
    {
        switch (message)
        {
            case ResponseStarted started:
                Emit(new ResponseCreatedFrame(started.Response.Snapshot(ResponseStatus.InProgress)));
                break;
            case ResponseTextProduced text:
                AddText(text.Response, text.Text);
                break;
            case ResponseAudioProduced audio:
                AddAudio(audio.Response, audio.Clause, audio.Audio);
                break;
            case ResponseCalledFunction call:
                AddFunctionCall(call.Response, call.Call);
                break;
            case ResponseToolCallStarted started:
                StartToolCall(started.Response, started.Call);
                break;
            case ResponseToolCallFinished finished:
                FinishToolCall(finished.Response, finished.ItemId, finished.Result);
                break;
            case ResponseAskedApproval asked:
                AskApproval(asked.Response, asked.Request);
                break;
            case ResponseUsageReported usage:
                usage.Response.Usage.Add(usage.Usage);
                break;
            case ResponseEnded ended:
                Finish(ended);
                break;
        }
    }

    /// <summary>The response's message, started at its first words: it joins the conversation (if the response is in it) after what the response did before.</summary>
    private ConversationItem MessageOf(ActiveResponse response)
    {
        if (response.Message is { } message) return message;
        message = ConversationItem.Message(NewId("item_"), ItemRole.Assistant, "", response.Options.Audio, ItemStatus.InProgress);
        AddOutput(response, message);
        Emit(new ContentPartAddedFrame(response.Id, message.Id, message.Content!));
        return Update(response, message);
    }

    private ConversationItem Update(ActiveResponse response, ConversationItem message)
    {
        response.Message = message;
        response.Output[response.Output.FindIndex(o => o.Id == message.Id)] = message;
        if (response.Options.InConversation) _items.Replace(message);
        return message;
    }

    private void AddText(ActiveResponse response, string text)
    {
        // A cancelled response's words that were already on their way are dropped with it.
        if (response.Cancelled is not null) return;
        var message = MessageOf(response);
        Update(response, message.WithText(message.Text + text));
        Emit(response.Options.Audio ? new AudioTranscriptDeltaFrame(response.Id, message.Id, text) : new TextDeltaFrame(response.Id, message.Id, text));
    }

    private void AddAudio(ActiveResponse response, string clause, PcmAudio audio)
    {
        if (response.Cancelled is not null) return;
        var message = MessageOf(response);
        response.AudioMs += audio.Duration.TotalMilliseconds;
        Update(response, message with { SpokenClauses = message.SpokenClauses.Add(new SpokenClause(clause, response.AudioMs)) });
        var format = response.Options.OutputFormat;
        var pcm = audio.SampleRate == format.SampleRate() ? audio : audio.Resample(format.SampleRate());
        var first = response.FirstAudioAt is null;
        response.FirstAudioAt ??= _time.GetTimestamp();
        Emit(new AudioDeltaFrame(response.Id, message.Id, pcm, format, first ? response.Trace : null));
    }

    private void AddFunctionCall(ActiveResponse response, FunctionCallContent call)
    {
        var arguments = _engines.FunctionArguments.Write(call.Arguments);
        var item = ConversationItem.FunctionCall(NewId("item_"), call.CallId, call.Name, arguments);
        var index = AddOutput(response, item);
        Emit(new FunctionCallArgumentsDeltaFrame(response.Id, item.Id, index, call.CallId, arguments));
        Emit(new FunctionCallArgumentsDoneFrame(response.Id, item.Id, index, call.CallId, call.Name, arguments));
        Emit(new OutputItemDoneFrame(response.Id, index, item));
    }

    private void Finish(ResponseEnded ended)
    {
        var response = ended.Response;
        // The conversation is free for the next response before the end goes out: a caller may ask for one at once.
        if (_response == response) _response = null;
        response.Cancel.Dispose();
        var complete = ended.Failure is null && response.Cancelled is null;
        AbandonToolCalls(response);

        // A message cut short (cancelled, or its generation or voice failed) stays in the conversation as incomplete.
        if (response.Message is { } message)
        {
            message = Update(response, message with { Status = complete ? ItemStatus.Completed : ItemStatus.Incomplete });
            if (response.Options.Audio)
            {
                Emit(new AudioDoneFrame(response.Id, message.Id));
                Emit(new AudioTranscriptDoneFrame(response.Id, message.Id, message.Text));
            }
            else
            {
                Emit(new TextDoneFrame(response.Id, message.Id, message.Text));
            }
            Emit(new ContentPartDoneFrame(response.Id, message.Id, message.Content!));
            Emit(new OutputItemDoneFrame(response.Id, response.Output.FindIndex(o => o.Id == message.Id), message));
        }

        var done = response.Snapshot(ResponseStatus.Completed) with { Output = [.. response.Output], Usage = response.Usage };
        if (ended.Failure is { } failure)
        {
            Emit(new ErrorFrame(failure, Cause: ended.Cause));
            done = done with { Status = ResponseStatus.Failed, Failure = failure };
        }
        else if (response.Cancelled is { } reason)
        {
            done = done with { Status = ResponseStatus.Cancelled, CancelReason = reason };
        }
        Emit(new ResponseDoneFrame(done));
        NotePlayback(response);
        SettleAdmission(response);
    }

    private void SettleAdmission(ActiveResponse response)
    {
        if (response.Admission?.Settle(response.Usage) is { } limits) Emit(new RateLimitsFrame(limits));
    }

    /// <summary>
    /// The response's own task: generation, then (for spoken answers) speech, each piece handed to the loop as it
    /// comes. It ends by handing over how it ended, always; a failure becomes an error the loop reports.
    /// </summary>
    private async Task ProduceAsync(ActiveResponse response, List<ChatMessage> messages, IReadOnlyList<ConversationItem> approved, string? said)
    {
        var cancellationToken = response.Cancel.Token;
        ResponseEnded ended;
        try
        {
            var text = said is not null
                ? TranslateAsync(response, said, cancellationToken)
                : GenerateAsync(response, messages, approved, cancellationToken);
            if (response.Options.Audio)
            {
                var speaker = _engines.Speakers?.Create(response.Options.Voice, response.Options.Speed)
                    ?? throw new ConversationException("audio_unavailable", "Audio output needs a text-to-speech engine and none is installed; use output_modalities [\"text\"].");
                // A speculative answer speaks what it has at the turn decision; one started after it, as it writes.
                var speakNow = response.Released ? null : response.SpeakNow.Task;
                await foreach (var piece in speaker.SpeakAsync(text, speakNow, response.ListenerWaiting.Task, cancellationToken))
                {
                    switch (piece)
                    {
                        case Synthesis.SpokenText spoken:
                            await PostAsync(new ResponseTextProduced(response, spoken.Text));
                            break;
                        case Synthesis.SpokenAudio clip:
                            response.Trace?.Mark(LatencyTrace.FirstAudioSynthesized);
                            await PostAsync(new ResponseAudioProduced(response, clip.Clause, clip.Audio));
                            break;
                    }
                }
            }
            else
            {
                await foreach (var piece in text) await PostAsync(new ResponseTextProduced(response, piece));
            }
            ended = new ResponseEnded(response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ended = new ResponseEnded(response);
        }
        catch (ConversationException e)
        {
            ended = new ResponseEnded(response, e.ToError());
        }
        catch (ContentPolicyViolationException e)
        {
            ended = new ResponseEnded(response, new ConversationError(ConversationErrorKind.InvalidRequest, "content_policy_violation", e.Message));
        }
        catch (InvalidRequestException e)
        {
            // The request the conversation made cannot be served (too long for the context with truncation off).
            ended = new ResponseEnded(response, new ConversationError(ConversationErrorKind.InvalidRequest, e.Code ?? "invalid_request", e.Message), e);
        }
        catch (Exception e)
        {
            ended = new ResponseEnded(response, new ConversationError(ConversationErrorKind.Server, "response_failed", "The response failed: " + e.Message), e);
        }
        await PostAsync(ended);
    }

    /// <summary>The interpreter's answer: the last thing the user said, translated offline.</summary>
    private async IAsyncEnumerable<string> TranslateAsync(ActiveResponse response, string said, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var preset = response.Options.Translation!;
        var translator = _engines.Translator
            ?? throw new ConversationException("translation_unavailable", "Offline translation needs apertium (apt-get install apertium apertium-eng-spa); use engine 'llm'.");
        if (!translator.Supports(preset.From, preset.To))
            throw new ConversationException("translation_unavailable", $"apertium has no {preset.From}→{preset.To} pair installed; use engine 'llm'.");
        if (said.Length == 0) yield break;
        var translated = await translator.TranslateAsync(said, preset.From, preset.To, cancellationToken);
        response.Trace?.Mark(LatencyTrace.FirstToken);
        yield return translated;
    }
}
