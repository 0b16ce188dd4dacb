using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Vad;
using Omnia.Voice.Recognition;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    /// <summary>A commit needs at least this much audio, as OpenAI requires.</summary>
    private const int MinCommitMs = 100;

    private async Task AppendAudioAsync(string base64, CancellationToken cancellationToken)
    {
        // Checked on the encoded length, before anything is decoded or allocated.
        if (base64.Length / 4 * 3L > Limits.MaxAppendAudioBytes + 2)
            throw new RealtimeProtocolException("audio_too_large",
                $"One input_audio_buffer.append may carry at most {Limits.MaxAppendAudioBytes} bytes of audio: send it in several.", "audio");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new RealtimeProtocolException("invalid_value", "'audio' must be base64.", "audio");
        }
        var decoded = _config.InputFormat.Decode(bytes);
        var samples = _inputResampler.Process(decoded);
        if (samples.Length == 0) return;

        lock (_gate)
        {
            _buffer.AddRange(samples);
            // Audio kept since the last commit is capped (OpenAI's buffer holds 15 minutes); past it the oldest goes.
            var maxBuffered = Limits.MaxBufferedAudioSeconds * InputRate;
            if (_buffer.Count > maxBuffered) _buffer.RemoveRange(0, _buffer.Count - maxBuffered);
            _samplesSeen += samples.Length;
            _arrivals.Add((_samplesSeen, _deps.Time.GetTimestamp()));
            if (_arrivals.Count > 4096) _arrivals.RemoveRange(0, 2048);
        }

        if (_transcriber is not null) await _transcriber.AppendAsync(samples);
        if (_vad is null) return;

        foreach (var evt in _vad.Process(samples))
        {
            switch (evt)
            {
                case SpeechStarted started:
                    await OnSpeechStartedAsync(started.AudioStartMs + _vadOffsetMs);
                    break;
                case SpeechPaused paused:
                    _pausedAtMs = paused.AudioEndMs + _vadOffsetMs;
                    Speculate(_pausedAtMs.Value);
                    break;
                case SpeechResumed resumed when _turnEnded:
                    // semantic_vad ended the turn inside the detector's own silence window, so to the detector this is
                    // the same speech going on; to the conversation it is a new utterance.
                    await OnSpeechStartedAsync(Math.Max(0, resumed.DetectedAtMs + _vadOffsetMs - _config.Vad.PrefixPaddingMs));
                    break;
                case SpeechResumed:
                    _pausedAtMs = null;
                    DiscardSpeculation();
                    break;
                case SpeechStopped stopped when !_turnEnded:
                    await EndTurnAsync(stopped.AudioEndMs + _vadOffsetMs, cancellationToken);
                    break;
            }
        }

        CheckIdleTimeout();

        // semantic_vad decides the end of the turn itself, from the pause so far and the words heard so far.
        if (_config.TurnDetection == TurnDetectionKind.SemanticVad && _pausedAtMs is { } pausedAt && !_turnEnded && _vad.IsSpeaking)
        {
            var silence = _vad.ClassifiedMs + _vadOffsetMs - pausedAt;
            if (silence >= SemanticTurn.RequiredPauseMs(_config.Eagerness, _transcriber?.Partial ?? ""))
                await EndTurnAsync(pausedAt, cancellationToken);
        }
    }

    /// <summary>
    /// At the first silent frame, before the turn is decided, the answer starts on what has been heard so far: the
    /// live hypothesis is ready at once, and the model and the voice work while the detector waits out the pause. The
    /// answer is held back, then released at the turn decision or dropped if the user goes on.
    /// </summary>
    private void Speculate(long pausedAtMs)
    {
        if (!_config.CreateResponse || _turnEnded || _speculation is not null || _config.Translation is not null || NativeAudio) return;
        var heard = _transcriber?.Partial.Trim() ?? "";
        if (heard.Length == 0) return;
        lock (_gate)
            if (_response is not null) return;
        var trace = new LatencyTrace(_deps.Time, ArrivalOf(pausedAtMs), pausedAtMs) { Speculative = true };
        try
        {
            _speculation = (StartResponse(null, trace, speculativeUserText: heard), pausedAtMs);
        }
        catch (RealtimeProtocolException)
        {
            // Another response started meanwhile: no speculation this time.
        }
    }

    private void DiscardSpeculation()
    {
        if (_speculation is not { } speculation) return;
        _speculation = null;
        Discard(speculation.Response);
    }

    /// <summary>
    /// server_vad's <c>idle_timeout_ms</c>: when the user says nothing that long after an answer (or the session start),
    /// the server says so with <c>input_audio_buffer.timeout_triggered</c> and prompts the model to speak again.
    /// </summary>
    private void CheckIdleTimeout()
    {
        if (_config.IdleTimeoutMs is not { } idle || _vad is null || _vad.IsSpeaking) return;
        var now = _vad.ClassifiedMs + _vadOffsetMs;
        lock (_gate)
        {
            if (_response is not null)
            {
                _idleSinceMs = now;
                return;
            }
        }
        if (now - _idleSinceMs < idle) return;
        var start = _idleSinceMs;
        _idleSinceMs = now;
        Send(new JsonObject { ["type"] = "input_audio_buffer.timeout_triggered", ["audio_start_ms"] = start, ["audio_end_ms"] = now, ["item_id"] = "item_" + RandomId() });
        try
        {
            StartResponse(null, null);
        }
        catch (RealtimeProtocolException)
        {
            // An answer is already on its way.
        }
    }

    private async Task OnSpeechStartedAsync(long audioStartMs)
    {
        _turnEnded = false;
        _pausedAtMs = null;
        _idleSinceMs = long.MaxValue / 2;
        _speechItemId = "item_" + RandomId();
        if (_config.InterruptResponse) CancelResponse("turn_detected");
        Send(new JsonObject { ["type"] = "input_audio_buffer.speech_started", ["audio_start_ms"] = audioStartMs, ["item_id"] = _speechItemId });

        if (!_config.Transcribe && _deps.Recognition is null) return;
        if (_transcriber is not null) await _transcriber.DisposeAsync();
        _transcriber = _deps.Recognition is null ? null : new LiveTranscriber(_deps.Recognition, new SpeechToTextOptions());
        if (_transcriber is null) return;

        // Recognition starts with the prefix padding: the audio from audio_start_ms on is already in the buffer.
        float[] prefix;
        lock (_gate)
        {
            var startSample = audioStartMs * InputRate / 1000;
            var bufferStart = _samplesSeen - _buffer.Count;
            var from = (int)Math.Clamp(startSample - bufferStart, 0, _buffer.Count);
            prefix = _buffer.GetRange(from, _buffer.Count - from).ToArray();
        }
        await _transcriber.AppendAsync(prefix);
    }

    /// <summary>The server decided the user finished: speech_stopped, then the commit, then (if configured) the answer.</summary>
    private async Task EndTurnAsync(long audioEndMs, CancellationToken cancellationToken)
    {
        _turnEnded = true;
        _pausedAtMs = null;
        _idleSinceMs = audioEndMs;
        Send(new JsonObject { ["type"] = "input_audio_buffer.speech_stopped", ["audio_end_ms"] = audioEndMs, ["item_id"] = _speechItemId });
        await CommitAsync(manual: false, audioEndMs, cancellationToken);
    }

    private async Task CommitAsync(bool manual, long? audioEndMs, CancellationToken cancellationToken)
    {
        float[] audio;
        lock (_gate)
        {
            audio = _buffer.ToArray();
            _buffer.Clear();
        }
        if (manual && audio.Length < MinCommitMs * InputRate / 1000)
            throw new RealtimeProtocolException("input_audio_buffer_commit_empty",
                $"Error committing input audio buffer: buffer too small. Expected at least {MinCommitMs}ms of audio, but buffer only has {audio.Length * 1000.0 / InputRate:0.00}ms of audio.");

        var itemId = manual || _speechItemId is null ? "item_" + RandomId() : _speechItemId;
        _speechItemId = null;
        var trace = new LatencyTrace(_deps.Time, ArrivalOf(audioEndMs), audioEndMs ?? 0);
        trace.Mark("turn_decided");

        // The samples are kept only for a chat model that hears them; others answer the transcript.
        var item = new RealtimeItem(itemId, "message", "user") { IsAudio = true, Status = "completed", Audio = NativeAudio ? audio : null };
        MakeRoomFor(item);
        var speculation = _speculation;
        _speculation = null;
        var released = speculation is { } s && audioEndMs is { } end && Math.Abs(s.PausedAtMs - end) <= 64;
        if (speculation is not null && !released) Discard(speculation.Value.Response);

        string? previous;
        lock (_gate)
        {
            // The speculative answer may already have added its items: the user's turn goes before them.
            var at = released ? speculation!.Value.Response.Items.Select(i => _items.IndexOf(i)).Where(i => i >= 0).DefaultIfEmpty(_items.Count).Min() : _items.Count;
            previous = at > 0 ? _items[at - 1].Id : null;
            _items.Insert(at, item);
        }
        Send(new JsonObject { ["type"] = "input_audio_buffer.committed", ["previous_item_id"] = previous, ["item_id"] = itemId });
        Send(new JsonObject { ["type"] = "conversation.item.added", ["previous_item_id"] = previous, ["item"] = item.ToJson() });
        if (released) Release(speculation!.Value.Response);

        var transcriber = _transcriber;
        _transcriber = null;
        if (transcriber is null && _deps.Recognition is not null)
        {
            transcriber = new LiveTranscriber(_deps.Recognition, new SpeechToTextOptions());
            await transcriber.AppendAsync(audio);
        }

        var createResponse = !manual && _config.CreateResponse && !released;
        if (createResponse && NativeAudio && _config.Translation is null)
        {
            // The model hears the audio itself: the answer starts now, and the transcript follows on its own.
            createResponse = false;
            try
            {
                StartResponse(null, trace);
            }
            catch (RealtimeProtocolException e)
            {
                Error("invalid_request_error", e.Code, e.Message, e.Param, null);
            }
        }
        Track(Task.Run(async () =>
        {
            try
            {
                await FinishUserItemAsync(transcriber, item, previous, audio.Length, trace, released ? speculation!.Value.Response : null, createResponse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The session is closing.
            }
            catch (Exception e)
            {
                _deps.Logger.LogError(e, "Realtime session {Session} failed to transcribe item {Item}", _sessionId, itemId);
                var error = new JsonObject { ["type"] = "server_error", ["code"] = "transcription_failed", ["message"] = "The speech could not be transcribed: " + e.Message };
                Send(new JsonObject { ["type"] = "conversation.item.input_audio_transcription.failed", ["item_id"] = itemId, ["content_index"] = 0, ["error"] = error });
                Error("server_error", "transcription_failed", "The speech could not be transcribed: " + e.Message, null, null);
            }
        }, CancellationToken.None));
    }

    /// <summary>Waits for the final transcript, sends it, and starts the answer when the turn asks for one.</summary>
    private async Task FinishUserItemAsync(
        LiveTranscriber? transcriber, RealtimeItem item, string? previous, int samples, LatencyTrace trace, ActiveResponse? released, bool createResponse,
        CancellationToken cancellationToken)
    {
        var itemId = item.Id;
        string transcript = "";
        try
        {
            if (transcriber is not null) transcript = await transcriber.CompleteAsync(cancellationToken);
        }
        finally
        {
            if (transcriber is not null) await transcriber.DisposeAsync();
        }
        trace.Mark("transcript_final");
        released?.Trace?.Mark("transcript_final");
        item.Text = transcript;
        if (_config.Transcribe && transcript.Length > 0)
            Send(new JsonObject
            {
                ["type"] = "conversation.item.input_audio_transcription.delta",
                ["item_id"] = itemId, ["content_index"] = 0, ["delta"] = transcript,
            });
        if (_config.Transcribe)
            Send(new JsonObject
            {
                ["type"] = "conversation.item.input_audio_transcription.completed",
                ["item_id"] = itemId, ["content_index"] = 0, ["transcript"] = transcript,
                ["usage"] = new JsonObject { ["type"] = "duration", ["seconds"] = Math.Round(samples / (double)InputRate, 3) },
            });
        Send(new JsonObject { ["type"] = "conversation.item.done", ["previous_item_id"] = previous, ["item"] = item.ToJson() });
        if (!createResponse) return;
        try
        {
            StartResponse(null, trace);
        }
        catch (RealtimeProtocolException e)
        {
            Error("invalid_request_error", e.Code, e.Message, e.Param, null);
        }
    }

    private async Task ClearBufferAsync()
    {
        DiscardSpeculation();
        lock (_gate) _buffer.Clear();
        if (_transcriber is not null) await _transcriber.DisposeAsync();
        _transcriber = null;
        _speechItemId = null;
    }

    /// <summary>When the audio that held <paramref name="audioEndMs"/> arrived: where the turn's latency is measured from.</summary>
    private long ArrivalOf(long? audioEndMs)
    {
        lock (_gate)
        {
            if (audioEndMs is null || _arrivals.Count == 0) return _deps.Time.GetTimestamp();
            var sample = audioEndMs.Value * InputRate / 1000;
            foreach (var (end, timestamp) in _arrivals)
                if (end >= sample) return timestamp;
            return _arrivals[^1].Timestamp;
        }
    }
}
