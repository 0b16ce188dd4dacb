using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Audio;
using Omnia.Server.OpenAI.Audio;
using Omnia.Voice.Synthesis;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    /// <summary>
    /// A response in progress. A speculative one (started at the first silent frame, before the turn is decided) keeps
    /// its events until it is released at the turn decision, or is discarded silently if the user goes on speaking.
    /// </summary>
    private sealed class ActiveResponse(string id, CancellationTokenSource cancel, bool released)
    {
        public string Id { get; } = id;
        public CancellationTokenSource Cancel { get; } = cancel;
        public string CancelReason { get; set; } = "client_cancelled";
        public bool Released { get; set; } = released;
        public List<(JsonObject Event, string? AudioOf, Action? OnSent)> Held { get; } = [];
        public LatencyTrace? Trace { get; set; }

        /// <summary>Conversation items this response added, so a user turn committed after it started goes before them.</summary>
        public List<RealtimeItem> Items { get; } = [];
    }

    /// <summary>Sends a response's event now, or keeps it while the response is still speculative.</summary>
    private void Emit(ActiveResponse response, JsonObject evt, string? audioOfResponse = null, Action? onSent = null)
    {
        lock (response.Held)
        {
            if (!response.Released)
            {
                response.Held.Add((evt, audioOfResponse, onSent));
                return;
            }
        }
        Send(evt, audioOfResponse, onSent);
    }

    /// <summary>The turn is decided and the speculative answer fits it: everything it has produced goes out now.</summary>
    private void Release(ActiveResponse response)
    {
        // Counted as a request now that it is the answer (it reserved its tokens when it started).
        _deps.Budget.Budget?.Requests?.Settle(1);
        lock (response.Held)
        {
            response.Trace?.Mark("turn_decided");
            foreach (var (evt, audioOf, onSent) in response.Held)
            {
                // An answer that finished before the turn was decided wrote its trace too early: bring it up to date.
                if (response.Trace is { } trace && evt["response"]?["omnia"] is JsonObject omnia) omnia["latency"] = trace.ToJson();
                Send(evt, audioOf, onSent);
            }
            response.Held.Clear();
            response.Released = true;
        }
    }

    /// <summary>The user went on speaking: the speculative answer is dropped without a trace on the wire.</summary>
    private void Discard(ActiveResponse response)
    {
        lock (response.Held)
        {
            response.Held.Clear();
            lock (_cancelledResponses) _cancelledResponses.Add(response.Id);
            try
            {
                response.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private ActiveResponse StartResponse(JsonObject? overrides, LatencyTrace? trace, string? speculativeUserText = null)
    {
        lock (_gate)
        {
            if (_response is not null)
                throw new RealtimeProtocolException("conversation_already_has_active_response",
                    $"Conversation already has an active response in progress: {_response.Id}. Wait until the response is finished before creating a new one.");
            var id = "resp_" + RandomId();
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            var settings = ResponseSettings.From(_config, overrides);
            var messages = BuildMessages(settings, overrides);
            if (speculativeUserText is not null) messages.Add(new ChatMessage(ChatRole.User, speculativeUserText));
            var tokens = Admit(messages, settings, speculative: speculativeUserText is not null);
            var active = new ActiveResponse(id, cancel, released: speculativeUserText is null) { Trace = trace };
            var running = Task.Run(async () =>
            {
                try
                {
                    await RunResponseAsync(id, settings, messages, trace, active, tokens, cancel.Token);
                }
                catch (Omnia.Moderation.ContentPolicyViolationException e)
                {
                    Error("invalid_request_error", "content_policy_violation", e.Message, null, null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _deps.Logger.LogError(e, "Realtime response {Response} failed", id);
                    Error("server_error", "response_failed", "The response failed: " + e.Message, null, null);
                }
                finally
                {
                    lock (_gate)
                        if (_response?.Id == id) _response = null;
                    cancel.Dispose();
                }
            }, CancellationToken.None);
            _response = active;
            return active;
        }
    }

    /// <summary>Stops the response in progress, if any: generation and synthesis stop, and its queued audio is dropped.</summary>
    private bool CancelResponse(string reason)
    {
        ActiveResponse? response;
        lock (_gate) response = _response;
        if (response is null) return false;
        response.CancelReason = reason;
        lock (_cancelledResponses) _cancelledResponses.Add(response.Id);
        try
        {
            response.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        return true;
    }

    private List<ChatMessage> BuildMessages(ResponseSettings settings, JsonObject? overrides)
    {
        var messages = new List<ChatMessage>();
        if (settings.Instructions.Length > 0) messages.Add(new ChatMessage(ChatRole.System, settings.Instructions));
        IEnumerable<RealtimeItem> items;
        if (overrides?["input"] is JsonArray input)
        {
            items = input.OfType<JsonObject>().Select(json => json["type"]?.GetValue<string>() == "item_reference"
                ? FindItem(json["id"]?.GetValue<string>())
                : new RealtimeItem("input", "message", json["role"]?.GetValue<string>() ?? "user")
                {
                    Text = string.Join(' ', (json["content"] as JsonArray ?? []).Select(p => p?["text"]?.GetValue<string>()).Where(t => t is not null)),
                }).ToList();
        }
        else
        {
            lock (_gate) items = _items.ToList();
        }

        foreach (var item in items)
        {
            switch (item.Type)
            {
                case "message" when item.Role == "user" && item.Audio is { Length: > 0 } audio && NativeAudio:
                    messages.Add(new ChatMessage(ChatRole.User,
                        [new DataContent(WavWriter.Encode(new PcmAudio(audio, InputRate), WavSampleFormat.Pcm16), "audio/wav")]));
                    break;
                case "message" when !string.IsNullOrEmpty(item.Text):
                    messages.Add(new ChatMessage(new ChatRole(item.Role ?? "user"), item.Text));
                    break;
                case "function_call":
                    var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(item.Arguments ?? "{}");
                    messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(item.CallId!, item.Name!, arguments)]));
                    break;
                case "function_call_output":
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(item.CallId!, item.Output)]));
                    break;
            }
        }
        return messages;
    }

    private async Task RunResponseAsync(string id, ResponseSettings settings, List<ChatMessage> messages, LatencyTrace? trace, ActiveResponse active,
        RateLimits.TokenReservation tokens, CancellationToken cancellationToken)
    {
        var audio = settings.Audio;
        var itemId = "item_" + RandomId();
        var item = new RealtimeItem(itemId, "message", "assistant") { IsAudio = audio, Status = "in_progress", Text = "" };
        var outputItems = new List<RealtimeItem>();
        var partType = audio ? "output_audio" : "output_text";
        var usage = new UsageDetails();
        var common = () => new JsonObject { ["response_id"] = id, ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0 };

        Emit(active, new JsonObject { ["type"] = "response.created", ["response"] = ResponseJson(id, "in_progress", null, [], usage, settings, trace) });
        var started = false;
        void StartMessage()
        {
            if (started) return;
            started = true;
            if (settings.InConversation)
            {
                MakeRoomFor(item);
                lock (_gate)
                {
                    _items.Add(item);
                    active.Items.Add(item);
                }
            }
            outputItems.Insert(0, item);
            Emit(active, new JsonObject { ["type"] = "response.output_item.added", ["response_id"] = id, ["output_index"] = 0, ["item"] = item.ToJson() });
            if (settings.InConversation) Emit(active, new JsonObject { ["type"] = "conversation.item.added", ["item"] = item.ToJson() });
            var part = common();
            part["type"] = "response.content_part.added";
            part["part"] = audio ? new JsonObject { ["type"] = partType, ["transcript"] = "" } : new JsonObject { ["type"] = partType, ["text"] = "" };
            Emit(active, part);
        }

        var options = new ChatOptions
        {
            // A response in the conversation grows the same prefix turn after turn: the engine keeps its cache for it.
            ConversationId = settings.InConversation ? ConversationCacheId : null,
            MaxOutputTokens = settings.MaxOutputTokens,
            Temperature = settings.Temperature,
            Tools = settings.Tools.Count > 0 ? [.. settings.Tools] : null,
            ToolMode = settings.Tools.Count == 0 ? null : settings.ToolChoice switch
            {
                "none" => ChatToolMode.None,
                "required" => ChatToolMode.RequireAny,
                _ => ChatToolMode.Auto,
            },
        };

        var status = "completed";
        double audioMs = 0;
        try
        {
            var text = settings.Translation is { Engine: "apertium" } preset
                ? TranslateLatestAsync(preset, trace, cancellationToken)
                : TextOf(_deps.Chat.GetStreamingResponseAsync(messages, options, cancellationToken), usage, outputItems, id, settings, trace, active, cancellationToken);
            if (audio)
            {
                var speaker = Speaker(settings);
                var firstDelta = true;
                await foreach (var piece in speaker.SpeakAsync(text, cancellationToken))
                {
                    StartMessage();
                    switch (piece)
                    {
                        case SpokenText spoken:
                            item.Text += spoken.Text;
                            var delta = common();
                            delta["type"] = "response.output_audio_transcript.delta";
                            delta["delta"] = spoken.Text;
                            Emit(active, delta);
                            break;
                        case SpokenAudio clip:
                            trace?.Mark("first_audio_synthesized");
                            var pcm = settings.OutputFormat == RealtimeAudioFormat.Pcm16 ? clip.Audio : clip.Audio.Resample(settings.OutputFormat.SampleRate());
                            audioMs += clip.Audio.Duration.TotalMilliseconds;
                            lock (_gate) item.SpokenClauses.Add((clip.Clause, audioMs));
                            var audioDelta = common();
                            audioDelta["type"] = "response.output_audio.delta";
                            audioDelta["delta"] = Convert.ToBase64String(settings.OutputFormat.Encode(pcm.Samples.Span));
                            var first = firstDelta;
                            firstDelta = false;
                            Emit(active, audioDelta, audioOfResponse: id, onSent: first && trace is not null ? () => RecordLatency(trace) : null);
                            break;
                    }
                }
            }
            else
            {
                await foreach (var piece in text)
                {
                    StartMessage();
                    item.Text += piece;
                    var delta = common();
                    delta["type"] = "response.output_text.delta";
                    delta["delta"] = piece;
                    Emit(active, delta);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
        }

        if (started)
        {
            item.Status = status == "completed" ? "completed" : "incomplete";
            var transcript = item.Text ?? "";
            if (audio)
            {
                var done = common();
                done["type"] = "response.output_audio.done";
                Emit(active, done);
                var transcriptDone = common();
                transcriptDone["type"] = "response.output_audio_transcript.done";
                transcriptDone["transcript"] = transcript;
                Emit(active, transcriptDone);
            }
            else
            {
                var done = common();
                done["type"] = "response.output_text.done";
                done["text"] = transcript;
                Emit(active, done);
            }
            var partDone = common();
            partDone["type"] = "response.content_part.done";
            partDone["part"] = audio ? new JsonObject { ["type"] = partType, ["transcript"] = transcript } : new JsonObject { ["type"] = partType, ["text"] = transcript };
            Emit(active, partDone);
            Emit(active, new JsonObject { ["type"] = "response.output_item.done", ["response_id"] = id, ["output_index"] = 0, ["item"] = item.ToJson() });
            if (settings.InConversation) Emit(active, new JsonObject { ["type"] = "conversation.item.done", ["item"] = item.ToJson() });
        }

        var details = status == "cancelled" ? new JsonObject { ["type"] = "cancelled", ["reason"] = active.CancelReason } : null;
        Emit(active, new JsonObject { ["type"] = "response.done", ["response"] = ResponseJson(id, status, details, outputItems, usage, settings, trace) });
        Settle(active, tokens, usage);
        if (trace is not null)
            _deps.Logger.LogInformation("Realtime turn latency (ms after the end of speech): {Trace}", trace.ToJson().ToJsonString());
    }

    /// <summary>The model's text; function calls become their own output items as they arrive; usage is collected.</summary>
    private async IAsyncEnumerable<string> TextOf(IAsyncEnumerable<ChatResponseUpdate> updates, UsageDetails usage, List<RealtimeItem> outputItems,
        string responseId, ResponseSettings settings, LatencyTrace? trace, ActiveResponse active, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        trace?.Mark("first_token");
                        yield return text.Text;
                        break;
                    case FunctionCallContent call:
                        SendFunctionCall(call, outputItems, responseId, settings, active);
                        break;
                    case UsageContent u:
                        usage.Add(u.Details);
                        break;
                }
            }
        }
    }

    /// <summary>The interpreter's answer: the last thing the user said, translated offline.</summary>
    private async IAsyncEnumerable<string> TranslateLatestAsync(TranslationPreset preset, LatencyTrace? trace, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var translator = _deps.Translator ?? throw new RealtimeProtocolException("translation_unavailable", "Offline translation needs apertium (apt-get install apertium apertium-eng-spa); use engine 'llm'.");
        if (!translator.Supports(preset.From, preset.To))
            throw new RealtimeProtocolException("translation_unavailable", $"apertium has no {preset.From}→{preset.To} pair installed; use engine 'llm'.");
        string said;
        lock (_gate) said = _items.LastOrDefault(i => i.Role == "user")?.Text ?? "";
        if (said.Length == 0) yield break;
        var translated = await translator.TranslateAsync(said, preset.From, preset.To, cancellationToken);
        trace?.Mark("first_token");
        yield return translated;
    }

    private void SendFunctionCall(FunctionCallContent call, List<RealtimeItem> outputItems, string responseId, ResponseSettings settings, ActiveResponse active)
    {
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());
        var item = new RealtimeItem("item_" + RandomId(), "function_call") { CallId = call.CallId, Name = call.Name, Arguments = arguments, Status = "completed" };
        outputItems.Add(item);
        var index = outputItems.Count - 1;
        if (settings.InConversation)
        {
            MakeRoomFor(item);
            lock (_gate)
            {
                _items.Add(item);
                active.Items.Add(item);
            }
        }
        Emit(active, new JsonObject { ["type"] = "response.output_item.added", ["response_id"] = responseId, ["output_index"] = index, ["item"] = item.ToJson() });
        if (settings.InConversation) Emit(active, new JsonObject { ["type"] = "conversation.item.added", ["item"] = item.ToJson() });
        var common = new JsonObject { ["response_id"] = responseId, ["item_id"] = item.Id, ["output_index"] = index, ["call_id"] = call.CallId };
        var delta = (JsonObject)common.DeepClone();
        delta["type"] = "response.function_call_arguments.delta";
        delta["delta"] = arguments;
        Emit(active, delta);
        var done = (JsonObject)common.DeepClone();
        done["type"] = "response.function_call_arguments.done";
        done["name"] = call.Name;
        done["arguments"] = arguments;
        Emit(active, done);
        Emit(active, new JsonObject { ["type"] = "response.output_item.done", ["response_id"] = responseId, ["output_index"] = index, ["item"] = item.ToJson() });
        if (settings.InConversation) Emit(active, new JsonObject { ["type"] = "conversation.item.done", ["item"] = item.ToJson() });
    }

    private StreamingSpeaker Speaker(ResponseSettings settings)
    {
        var engine = _deps.Speech ?? throw new RealtimeProtocolException("audio_unavailable", "Audio output needs a text-to-speech engine and none is installed; use output_modalities [\"text\"].");
        string voice;
        try
        {
            voice = VoiceResolver.Resolve(settings.Voice, engine, _deps.Options, "voice");
        }
        catch (Errors.ApiException e)
        {
            throw new RealtimeProtocolException("invalid_value", e.Message, "voice");
        }
        return new StreamingSpeaker(engine.TextToSpeechClient!, new TextToSpeechOptions { VoiceId = voice, Speed = settings.Speed }, 24000);
    }

    private void RecordLatency(LatencyTrace trace)
    {
        trace.Mark("first_audio_delta_sent");
        foreach (var (stage, ms) in trace.Marks)
            _deps.Metrics.TurnLatency.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    private JsonObject ResponseJson(string id, string status, JsonObject? details, List<RealtimeItem> output, UsageDetails usage, ResponseSettings settings, LatencyTrace? trace)
    {
        var response = new JsonObject
        {
            ["id"] = id, ["object"] = "realtime.response", ["status"] = status, ["status_details"] = details,
            ["output"] = new JsonArray(output.Select(o => (JsonNode)o.ToJson()).ToArray()),
            ["conversation_id"] = settings.InConversation ? "conv_" + _sessionId : null,
            ["output_modalities"] = new JsonArray(settings.Audio ? "audio" : "text"),
            ["max_output_tokens"] = settings.MaxOutputTokens is { } max ? max : "inf",
            ["audio"] = new JsonObject { ["output"] = new JsonObject { ["format"] = new JsonObject { ["type"] = settings.OutputFormat.GaName(), ["rate"] = settings.OutputFormat.SampleRate() }, ["voice"] = settings.Voice } },
            ["usage"] = status == "in_progress" ? null : new JsonObject
            {
                ["total_tokens"] = (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
                ["input_tokens"] = usage.InputTokenCount ?? 0,
                ["output_tokens"] = usage.OutputTokenCount ?? 0,
                ["input_token_details"] = new JsonObject { ["text_tokens"] = usage.InputTokenCount ?? 0, ["audio_tokens"] = 0, ["cached_tokens"] = usage.CachedInputTokenCount ?? 0 },
                ["output_token_details"] = new JsonObject { ["text_tokens"] = usage.OutputTokenCount ?? 0, ["audio_tokens"] = 0 },
            },
        };
        if (_beta) response["modalities"] = settings.Audio ? new JsonArray("text", "audio") : new JsonArray("text");
        if (trace is not null && status != "in_progress") response["omnia"] = new JsonObject { ["latency"] = trace.ToJson() };
        return response;
    }
}
