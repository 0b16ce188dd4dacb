using Omnia.Vad;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Decides where the user's turns start and end in their audio: the voice activity detector's speech and silence,
/// semantic detection's pause that depends on the words heard so far. Every decision is on the
/// audio's own timeline (milliseconds of input since the conversation started), so it depends only on the audio,
/// never on when or in what chunks it arrived. Owned by the conversation's loop: not thread-safe.
/// </summary>
public sealed class TurnDetector(IVoiceActivityModelFactory? voiceActivity) : IDisposable
{
    /// <summary>The rate of the audio the detector hears.</summary>
    public const int SampleRate = 16000;

    /// <summary>
    /// How far past the pause's start recognition must have decoded for its words to be the whole utterance: a
    /// decoder writes a word once its search has left it for the silence after it, a few 10 ms frames in.
    /// </summary>
    public const int WordsSettleMs = 96;

    private TurnDetectionOptions _options = new() { Kind = TurnDetectionKind.None };
    private IVoiceActivityModel? _model;
    private VoiceActivityDetector? _vad;

    /// <summary>Where the detector's timeline starts in the conversation's audio (a detector created mid-conversation starts at 0).</summary>
    private long _offsetMs;

    private long? _pausedAtMs;
    private bool _turnEnded;
    private long _lastTurnEndMs;

    /// <summary>Whether the detector listens (turn detection is on).</summary>
    public bool IsActive => _vad is not null;

    /// <summary>Whether the user is speaking and their turn is not decided yet.</summary>
    public bool UserIsSpeaking => _vad is { IsSpeaking: true } && !_turnEnded;

    /// <summary>
    /// Where the speech heard so far ends: at the current pause's start while the user pauses, at the last turn's end
    /// once it has ended, else where the detector has heard up to.
    /// </summary>
    public long SpeechUntilMs => _pausedAtMs ?? (UserIsSpeaking ? _vad!.ClassifiedMs + _offsetMs : _lastTurnEndMs);

    /// <summary>Where the pause that semantic detection is still deciding on began; null when there is none.</summary>
    public long? UndecidedPauseFromMs =>
        _options.Kind == TurnDetectionKind.SemanticVad && !_turnEnded && _vad is { IsSpeaking: true } ? _pausedAtMs : null;

    /// <summary>Applies new settings; the detector keeps its timeline and state unless detection is switched off or on.</summary>
    /// <param name="audioMs">How much audio the conversation has heard so far: where a new detector's timeline starts.</param>
    public void Configure(TurnDetectionOptions options, long audioMs)
    {
        var previous = _options;
        if (options.Kind != TurnDetectionKind.None && voiceActivity is null)
            throw new ConversationException("turn_detection_unavailable",
                "Server-side turn detection needs the Silero VAD model (omnia pull silero-vad); use turn_detection: null and commit manually.");
        _options = options;
        if (previous.Kind == options.Kind && previous.Eagerness == options.Eagerness && ReferenceEquals(previous.Vad, options.Vad)
            && (_vad is not null) == (options.Kind != TurnDetectionKind.None)) return;

        var vadOptions = options.Vad;
        // Semantic detection decides the end itself; the detector's own silence limit is only its longest wait.
        if (options.Kind == TurnDetectionKind.SemanticVad)
            vadOptions = new VoiceActivityOptions { Threshold = vadOptions.Threshold, PrefixPaddingMs = vadOptions.PrefixPaddingMs, SilenceDurationMs = SemanticTurn.LongestWaitMs(options.Eagerness) };
        if (_vad is not null && options.Kind != TurnDetectionKind.None)
        {
            _vad.Options = vadOptions;
            return;
        }
        _model?.Dispose();
        _model = null;
        _vad = null;
        if (options.Kind == TurnDetectionKind.None) return;
        _model = voiceActivity!.Create(SampleRate);
        _vad = new VoiceActivityDetector(_model, vadOptions);
        _offsetMs = audioMs;
    }

    /// <summary>Hears the next chunk of audio (16 kHz mono) and returns what it decided, in order.</summary>
    public IReadOnlyList<TurnEvent> Process(ReadOnlySpan<float> samples)
    {
        if (_vad is null) return [];
        var events = new List<TurnEvent>();
        foreach (var evt in _vad.Process(samples))
        {
            switch (evt)
            {
                case SpeechStarted started:
                    events.Add(StartUtterance(started.AudioStartMs + _offsetMs, started.SpeechStartMs + _offsetMs));
                    break;
                case SpeechPaused paused:
                    _pausedAtMs = paused.AudioEndMs + _offsetMs;
                    events.Add(new UserPaused(_pausedAtMs.Value, _turnEnded));
                    break;
                case SpeechResumed resumed when _turnEnded:
                    // Semantic detection ended the turn inside the detector's own silence window, so to the detector
                    // this is the same speech going on; to the conversation it is a new utterance.
                    events.Add(StartUtterance(Math.Max(0, resumed.DetectedAtMs + _offsetMs - _options.Vad.PrefixPaddingMs), resumed.DetectedAtMs + _offsetMs));
                    break;
                case SpeechResumed:
                    _pausedAtMs = null;
                    events.Add(new UserResumed());
                    break;
                case SpeechStopped stopped when !_turnEnded:
                    events.Add(EndTurn(stopped.AudioEndMs + _offsetMs));
                    break;
            }
        }
        return events;
    }

    /// <summary>
    /// Semantic detection's decision after a chunk: the turn ends once the pause so far is as long as the words heard
    /// so far ask for (with <paramref name="endOfTurn"/>, a model's probability that they are a finished turn).
    /// </summary>
    public UserTurnEnded? EndOfTurnBySense(string partialTranscript, double? endOfTurn, long heardUntilMs = long.MaxValue) =>
        _options.Kind == TurnDetectionKind.SemanticVad && PauseLeftMs(partialTranscript, endOfTurn, heardUntilMs) <= 0 ? EndTurn(_pausedAtMs!.Value) : null;

    /// <summary>
    /// While the user pauses, how much more of the pause the turn's end needs (the silence duration, or what
    /// semantic detection asks for after these words): what comes in that time decides the turn unless they go on.
    /// Null while the user is not pausing. <paramref name="heardUntilMs"/> is where in the audio the words end that
    /// recognition has decoded: until they reach past the pause's start by <see cref="WordsSettleMs"/>, the last
    /// word may be missing ("please remind me" for "please remind me to"), and semantic detection does not decide on
    /// them: it waits for recognition (on a starved machine it lagged a second behind), at most its longest wait.
    /// </summary>
    public long? PauseLeftMs(string partialTranscript, double? endOfTurn, long heardUntilMs = long.MaxValue)
    {
        if (_pausedAtMs is not { } pausedAt || _turnEnded || _vad is not { IsSpeaking: true } vad) return null;
        var required = _options.Kind != TurnDetectionKind.SemanticVad ? _options.Vad.SilenceDurationMs
            : heardUntilMs < pausedAt + WordsSettleMs ? SemanticTurn.LongestWaitMs(_options.Eagerness)
            : SemanticTurn.RequiredPauseMs(_options.Eagerness, partialTranscript, endOfTurn,
                _options.Scoring == EndOfTurnScoring.Auto ? SemanticTurn.UnlikelyEndPauseMs(_options.Eagerness) : null);
        return required - (vad.ClassifiedMs + _offsetMs - pausedAt);
    }

    private UserStartedSpeaking StartUtterance(long audioStartMs, long speechStartMs)
    {
        _turnEnded = false;
        _pausedAtMs = null;
        return new UserStartedSpeaking(audioStartMs, speechStartMs);
    }

    private UserTurnEnded EndTurn(long audioEndMs)
    {
        _turnEnded = true;
        _pausedAtMs = null;
        _lastTurnEndMs = audioEndMs;
        return new UserTurnEnded(audioEndMs);
    }

    public void Dispose()
    {
        _model?.Dispose();
        _model = null;
        _vad = null;
    }
}
