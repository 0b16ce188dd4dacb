using Microsoft.Extensions.AI;
using Omnia.Voice.Recognition;

namespace Omnia.Voice.Conversation;

public sealed partial class VoiceConversation
{
    /// <summary>A commit needs at least this much audio, as OpenAI requires.</summary>
    private const int MinCommitMs = 100;

    /// <summary>How far the turn's end may lie from the pause a speculative answer started at and still be the same pause.</summary>
    private const int SamePauseMs = 64;

    /// <summary>
    /// How long before the turn's decision a held answer speaks the words it has: about what the first words take to
    /// synthesize (espeak-ng: ~50 ms for three words here) and one detector frame, so their audio is ready at the decision.
    /// </summary>
    private const int SpeakAheadOfDecisionMs = 80;

    /// <summary>How late the voice activity detector may notice that speech began: its minimum speech span and a few frames.</summary>
    private const int SpeechNoticeLagMs = 1000;

    /// <summary>The longest the loop waits for recognition to reach a pause before hearing more audio.</summary>
    private static readonly TimeSpan LongestRecognitionWait = TimeSpan.FromSeconds(1);

    /// <summary>The utterance's audio an end-of-turn model hears: Smart Turn's window.</summary>
    private const int TurnModelAudioMs = 8000;

    /// <summary>
    /// Whether the chat model hears the user's audio itself (recognition then only writes the transcript): it has its
    /// own audio encoder, and the session's input path chooses it (<see cref="AudioInputPath"/>).
    /// </summary>
    private bool ChatHearsAudio => _engines.ChatHearsAudio && (_engines.Recognition is null || _options.AudioInput switch
    {
        AudioInputPath.Native => true,
        AudioInputPath.Transcript => false,
        _ => !_engines.AudioEncoderOnCpu,
    });

    private async Task AppendAudioAsync(float[] samples)
    {
        if (samples.Length == 0) return;
        _input.Append(samples, _options.Limits.MaxBufferedAudioSeconds);
        if (_transcriber is not null) await _transcriber.AppendAsync(samples);
        await WaitForWordsOfThePauseAsync();
        PrefillWhatIsHeard();

        foreach (var evt in _turns.Process(samples))
        {
            ConfirmInterruption();
            switch (evt)
            {
                case UserStartedSpeaking started:
                    await OnSpeechStartedAsync(started);
                    break;
                case UserPaused paused when !paused.TurnEnded && _heldSpeech is null:
                    Speculate(paused.AudioEndMs);
                    break;
                case UserResumed:
                    DiscardSpeculation();
                    break;
                case UserTurnEnded ended:
                    await EndTurnAsync(ended.AudioEndMs);
                    break;
            }
        }

        await DecideBySenseAsync();
        ForgetSilence();
    }

    /// <summary>
    /// With turn detection on and nobody speaking, the buffer keeps only what the next utterance may start with (its
    /// prefix padding, and the detector's lag in noticing speech): an open microphone in a quiet room would otherwise
    /// fill it for 15 minutes (57 MB a session), and a model that hears audio would be sent the silence before a turn.
    /// </summary>
    private void ForgetSilence()
    {
        if (!_turns.IsActive || _turns.UserIsSpeaking || _heldSpeech is not null) return;
        _input.KeepLast(_options.TurnDetection.Vad.PrefixPaddingMs + SpeechNoticeLagMs);
    }

    /// <summary>
    /// After new audio, new words or a new score: whether held speech has become an interruption, and semantic
    /// detection's decision on the turn's end, from the pause so far and the words heard so far.
    /// </summary>
    private async Task DecideBySenseAsync()
    {
        ConfirmInterruption();
        var heard = (_transcriber?.Partial ?? "").Trim();
        AskTurnModels(heard);
        var endOfTurn = EndOfTurnProbability(heard);
        var heardUntil = HeardUntilMs();
        if (_turns.EndOfTurnBySense(heard, endOfTurn, heardUntil) is { } end)
        {
            TurnDecisionLog.EndedBySense(_engines.Logger, end.AudioEndMs, heard, endOfTurn, heardUntil);
            await EndTurnAsync(end.AudioEndMs);
        }
        else if (_speculation is { } speculation && _turns.PauseLeftMs(heard, endOfTurn, heardUntil) <= SpeakAheadOfDecisionMs) speculation.Response.SpeakNow.TrySetResult();
    }

    /// <summary>
    /// While semantic detection decides on a pause, the audio after it is heard only once recognition has decoded into
    /// the pause: audio sent faster than it is spoken (a file, a client catching up) would otherwise run past the
    /// pause before its words are known, and turns would end where the audio is, not where the speaker paused. In
    /// real time recognition is ahead and nothing waits; a starved recogniser is waited for at most
    /// <see cref="LongestRecognitionWait"/> per chunk.
    /// </summary>
    private async Task WaitForWordsOfThePauseAsync()
    {
        if (_transcriber is not { } transcriber || _turns.UndecidedPauseFromMs is not { } pausedAt) return;
        var position = TimeSpan.FromMilliseconds(Math.Min(pausedAt + TurnDetector.WordsSettleMs, _input.AudioMs) - _utteranceStartMs);
        // Recognition is usually ahead: no timers for the chunks of a pause it has already heard.
        if (transcriber.HeardUntil >= position) return;
        using var starved = new CancellationTokenSource(LongestRecognitionWait, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, starved.Token);
        try
        {
            await transcriber.WaitUntilHeardAsync(position, limit.Token);
        }
        catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
        {
            // Recognition is starved: the audio goes on, and the decision waits for the words as before.
        }
    }

    /// <summary>
    /// Asks the loop for <see cref="HeardMore"/>, at most one waiting at a time. Called from recognition's and the
    /// models' tasks; a full inbox drops the signal, since the commands filling it (audio) decide again anyway.
    /// </summary>
    private void SignalHeardMore()
    {
        if (Interlocked.CompareExchange(ref _heardMorePending, 1, 0) != 0) return;
        if (!_inbox.Writer.TryWrite(new HeardMore())) Interlocked.Exchange(ref _heardMorePending, 0);
    }

    /// <summary>Where in the conversation's audio the live transcript's words end (<see cref="long.MaxValue"/> when the engine does not say).</summary>
    private long HeardUntilMs() =>
        _transcriber?.HeardUntil is { } until && until != TimeSpan.MaxValue ? _utteranceStartMs + (long)until.TotalMilliseconds : long.MaxValue;

    /// <summary>
    /// The probability that the words heard so far are a finished turn, from what the session's scoring reads: the
    /// chat model's (read by the prefill of exactly these words), Smart Turn's or the n-gram LM's (asked during the
    /// pause); null when none has answered for these words, and semantic detection uses the word rule.
    /// </summary>
    private double? EndOfTurnProbability(string heard)
    {
        // No words yet (recognition lags the audio): no model has anything to judge, and the word rule decides.
        if (heard.Length == 0) return null;
        return _options.TurnDetection.Scoring switch
        {
            EndOfTurnScoring.Words => null,
            EndOfTurnScoring.ChatModel => _prefill?.EndOfTurnProbability(heard),
            EndOfTurnScoring.SmartTurn => _smartTurn?.ProbabilityFor(heard),
            EndOfTurnScoring.NGram => _ngram?.ProbabilityFor(heard),
            _ => _prefill?.EndOfTurnProbability(heard) ?? _smartTurn?.ProbabilityFor(heard) ?? _ngram?.ProbabilityFor(heard),
        };
    }

    /// <summary>
    /// While the user pauses under semantic detection, the end-of-turn models the scoring may read are asked about
    /// the words so far (Smart Turn hears the utterance's last 8 s; the audio is copied only for words new to a model).
    /// </summary>
    private void AskTurnModels(string heard)
    {
        var scoring = _options.TurnDetection.Scoring;
        if (_options.TurnDetection.Kind != TurnDetectionKind.SemanticVad || scoring is EndOfTurnScoring.Words or EndOfTurnScoring.ChatModel) return;
        if (heard.Length == 0 || _turns.PauseLeftMs(heard, null) is null) return;
        // In auto, the chat model's own answer comes first: the others are asked only without it.
        if (scoring == EndOfTurnScoring.Auto && _prefill?.EndOfTurnProbability(heard) is not null) return;
        Omnia.Turns.EndOfTurnInput Input() => new(heard, _input.From(Math.Max(_utteranceStartMs, _input.AudioMs - TurnModelAudioMs)));
        if (scoring is EndOfTurnScoring.Auto or EndOfTurnScoring.SmartTurn) _smartTurn?.Update(heard, Input);
        if (scoring is EndOfTurnScoring.Auto or EndOfTurnScoring.NGram) _ngram?.Update(heard, Input);
    }

    /// <summary>
    /// While the user speaks, the words heard so far go into the chat engine's cache, so at the turn decision only
    /// the last few tokens are left to read. Only for turns that the conversation answers itself, from a transcript.
    /// </summary>
    private void PrefillWhatIsHeard()
    {
        if (_prefill is null || _transcriber is null || !_turns.UserIsSpeaking) return;
        var response = _options.Response;
        if (!_options.TurnDetection.CreateResponse || ChatHearsAudio || response.Translation is not null) return;
        // The prefiller is the engine's own, behind the chat client's media cascade: a model that cannot see would be
        // handed the pictures the cascade turns into text for the answer, so the prefill would fail or miss the cache.
        if (!_engines.ChatSeesImages && _items.All.Any(i => i.Images.Count > 0)) return;
        var heard = _transcriber.Partial.Trim();
        if (heard.Length == 0) return;
        // The prompt as the answer will send it (the prefiller sends what truncation keeps of it), then the words so far.
        _prefill.Update(heard, () => (PromptOf(response, heard), ChatOptionsFor(response)));
    }

    private async Task OnSpeechStartedAsync(UserStartedSpeaking started)
    {
        var audioStartMs = started.AudioStartMs;
        _speechItemId = NewId("item_");
        _utteranceStartMs = audioStartMs;
        _prefill?.BeginUtterance();
        _smartTurn?.BeginUtterance();
        _ngram?.BeginUtterance();
        await DisposeTranscriberAsync();
        if (_engines.Recognition is not null)
        {
            _transcriber = new LiveTranscriber(_engines.Recognition, new SpeechToTextOptions(), SignalHeardMore);
            // Recognition starts with the prefix padding: the audio from audioStartMs on is already in the buffer.
            await _transcriber.AppendAsync(_input.From(audioStartMs));
        }
        // Over the assistant's voice the speech is held until it says something: nothing is announced yet, so a
        // client does not stop playing for an "uh-huh" or a cough.
        if (_options.TurnDetection.InterruptResponse && AssistantIsSpeaking())
        {
            _heldSpeech = new HeldSpeech(audioStartMs, started.SpeechStartMs);
            return;
        }
        StartUserTurn(audioStartMs);
    }

    /// <summary>The user's turn begins: announced, and (with interrupt_response) the answer in progress stops.</summary>
    private void StartUserTurn(long audioStartMs)
    {
        if (_options.TurnDetection.InterruptResponse) CancelActiveResponse(CancelReason.TurnDetected);
        Emit(new SpeechStartedFrame(audioStartMs, _speechItemId!));
    }

    /// <summary>Whether the user hears the assistant now: an answer's audio has started and is still going or playing.</summary>
    private bool AssistantIsSpeaking() =>
        _response is { Released: true, FirstAudioAt: not null, Cancelled: null } || _time.GetTimestamp() < _playbackEndsAt;

    /// <summary>Held speech becomes the user's turn once it says a word that is not a backchannel, or goes on (<see cref="InterruptionRule"/>).</summary>
    private void ConfirmInterruption(bool ended = false)
    {
        if (_heldSpeech is not { } held) return;
        if (!InterruptionRule.Interrupts(_transcriber?.Partial ?? "", _turns.SpeechUntilMs - held.SpeechStartMs, ended)) return;
        _heldSpeech = null;
        StartUserTurn(held.AudioStartMs);
    }

    /// <summary>Held speech ended as a backchannel or a noise: it was never announced, and it goes without a trace.</summary>
    private async Task DropHeldSpeechAsync()
    {
        _heldSpeech = null;
        _speechItemId = null;
        _input.Clear();
        await DisposeTranscriberAsync();
    }

    /// <summary>
    /// At the first silent frame, before the turn is decided, the answer starts on what has been heard so far: the
    /// live hypothesis is ready at once, and the model and the voice work while the detector waits out the pause. The
    /// answer is held back, then released at the turn decision or dropped if the user goes on.
    /// </summary>
    private void Speculate(long pausedAtMs)
    {
        if (!_options.TurnDetection.CreateResponse || _speculation is not null || _response is not null) return;
        if (_options.Response.Translation is not null || ChatHearsAudio) return;
        var heard = _transcriber?.Partial.Trim() ?? "";
        if (heard.Length == 0) return;
        var trace = new LatencyTrace(_time, _input.ArrivalOf(pausedAtMs), pausedAtMs) { Speculative = true };
        // A running prefill holds the conversation's cache slot: stopped first, the answer reads on from what it put there.
        _prefill?.Cancel();
        try
        {
            _speculation = (StartResponse(_options.Response, trace, speculativeUserText: heard), pausedAtMs);
        }
        catch (ConversationException)
        {
            // Refused (a rate limit): the answer starts at the turn decision instead, where a refusal is reported.
        }
    }

    private void DiscardSpeculation()
    {
        if (_speculation is not { } speculation) return;
        _speculation = null;
        Discard(speculation.Response);
    }

    /// <summary>The turn detector decided the user finished: speech stopped, then the commit, then (if configured) the answer.</summary>
    private async Task EndTurnAsync(long audioEndMs)
    {
        ConfirmInterruption(ended: true);
        if (_heldSpeech is not null)
        {
            await DropHeldSpeechAsync();
            return;
        }
        Emit(new SpeechStoppedFrame(audioEndMs, _speechItemId));
        await CommitAsync(manual: false, audioEndMs);
    }

    private async Task CommitAsync(bool manual, long? audioEndMs)
    {
        if (manual && _input.Count < MinCommitMs * InputAudioBuffer.SampleRate / 1000)
            throw new ConversationException("input_audio_buffer_commit_empty",
                $"Error committing input audio buffer: buffer too small. Expected at least {MinCommitMs}ms of audio, but buffer only has {_input.Count * 1000.0 / InputAudioBuffer.SampleRate:0.00}ms of audio.");
        // A detected turn is its utterance, from its prefix padding on (OpenAI's audio_start_ms), not the silence before.
        var audio = _input.Take(manual ? 0 : _utteranceStartMs);
        _prefill?.Cancel();
        _heldSpeech = null;

        var itemId = manual || _speechItemId is null ? NewId("item_") : _speechItemId;
        _speechItemId = null;
        var trace = new LatencyTrace(_time, _input.ArrivalOf(audioEndMs), audioEndMs ?? 0);
        trace.Mark(LatencyTrace.TurnDecided);

        // The samples are kept only for a chat model that hears them; others answer the transcript.
        var item = ConversationItem.Message(itemId, ItemRole.User, null, audio: true) with { Audio = ChatHearsAudio ? audio : null };
        foreach (var dropped in _items.MakeRoomFor(item)) Emit(new ItemDeletedFrame(dropped));
        var speculation = _speculation;
        _speculation = null;
        var released = speculation is { } s && audioEndMs is { } end && Math.Abs(s.PausedAtMs - end) <= SamePauseMs ? s.Response : null;
        if (speculation is { } dropped2 && released is null) Discard(dropped2.Response);

        var previous = _items.IdBefore(_items.Count);
        _items.Add(item);
        Emit(new InputCommittedFrame(itemId, previous));
        Emit(new ItemAddedFrame(item, previous));
        // The speculative answer's items join the conversation now, after the turn they answer.
        if (released is not null) Release(released);

        var transcriber = _transcriber;
        _transcriber = null;
        var createResponse = !manual && _options.TurnDetection.CreateResponse && released is null;
        if (createResponse && ChatHearsAudio && _options.Response.Translation is null)
        {
            // The model hears the audio itself: the answer starts now, and the transcript follows on its own.
            createResponse = false;
            StartResponseOrReport(trace);
        }

        if (transcriber is null && _engines.Recognition is not null)
        {
            transcriber = new LiveTranscriber(_engines.Recognition, new SpeechToTextOptions());
            await transcriber.AppendAsync(audio);
        }
        var turn = new UserTurn(itemId, previous, audio.Length, trace, released, createResponse);
        Start(() => TranscribeAsync(transcriber, turn));
    }

    /// <summary>Waits for the final transcript on a task of its own, and hands it (or its failure) to the loop.</summary>
    private async Task TranscribeAsync(LiveTranscriber? transcriber, UserTurn turn)
    {
        string transcript = "";
        Exception? failure = null;
        try
        {
            if (transcriber is not null) transcript = await transcriber.CompleteAsync(_closing.Token);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            if (transcriber is not null) await DisposeQuietlyAsync(transcriber);
        }
        turn.Trace.Mark(LatencyTrace.TranscriptFinal);
        turn.Released?.Trace?.Mark(LatencyTrace.TranscriptFinal);
        await PostAsync(new TranscriptReady(turn, transcript, failure));
    }

    /// <summary>Sends the final transcript and starts the answer when the turn asks for one.</summary>
    private void FinishUserTurn(TranscriptReady ready)
    {
        var turn = ready.Turn;
        if (ready.Failure is { } failure)
        {
            var error = new ConversationError(ConversationErrorKind.Server, "transcription_failed", "The speech could not be transcribed: " + failure.Message);
            Emit(new TranscriptFailedFrame(turn.ItemId, error));
            Emit(new ErrorFrame(error, Cause: failure));
            return;
        }
        var item = (_items.Find(turn.ItemId) ?? ConversationItem.Message(turn.ItemId, ItemRole.User, null, audio: true)).WithText(ready.Transcript);
        _items.Replace(item);
        if (_options.Transcribe && ready.Transcript.Length > 0) Emit(new TranscriptDeltaFrame(turn.ItemId, ready.Transcript));
        if (_options.Transcribe) Emit(new TranscriptCompletedFrame(turn.ItemId, ready.Transcript, Math.Round(turn.Samples / (double)InputAudioBuffer.SampleRate, 3)));
        Emit(new ItemDoneFrame(item, turn.PreviousItemId));
        // Noise alone (nothing recognised in it) does not open a turn for the assistant.
        if (turn.CreateResponse && !string.IsNullOrWhiteSpace(ready.Transcript)) StartResponseOrReport(turn.Trace);
    }

    private async Task ClearAudioAsync()
    {
        DiscardSpeculation();
        _input.Clear();
        await DisposeTranscriberAsync();
        _speechItemId = null;
        _heldSpeech = null;
        Emit(new InputClearedFrame());
    }

    private async Task DisposeTranscriberAsync()
    {
        if (_transcriber is null) return;
        await DisposeQuietlyAsync(_transcriber);
        _transcriber = null;
    }

    /// <summary>
    /// Ends a recognition. One that failed is reported where its transcript is awaited (at the commit); an utterance
    /// thrown away (the user started again, the buffer was cleared) has no transcript to report.
    /// </summary>
    private static async Task DisposeQuietlyAsync(LiveTranscriber transcriber)
    {
        try
        {
            await transcriber.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
        }
    }
}
