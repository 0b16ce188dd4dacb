namespace Omnia.Vad;

/// <summary>
/// Finds where speech starts and stops in a stream of audio with OpenAI's <c>server_vad</c> rules, over any
/// <see cref="IVoiceActivityModel"/>.
/// </summary>
/// <remarks>
/// <para>
/// Audio arrives in chunks of any size; the detector cuts it into the model's frames, so the events depend only on the
/// audio, never on how it was chunked or on the wall clock. Every position is in milliseconds of the stream's own
/// audio since it started (or since <see cref="Reset"/>). A trailing part-frame waits for the next chunk.
/// </para>
/// <para>
/// A frame is speech when its probability reaches <see cref="VoiceActivityOptions.Threshold"/>. The first speech frame
/// starts speech; speech stops once the frames after the last speech frame span at least
/// <see cref="VoiceActivityOptions.SilenceDurationMs"/>. The first silent frame is reported at once as
/// <see cref="SpeechPaused"/>, so a pipeline can start work before the stop is decided.
/// </para>
/// <para>Not thread-safe: one caller feeds one stream. The detector does not own the model.</para>
/// </remarks>
public sealed class VoiceActivityDetector
{
    private readonly IVoiceActivityModel _model;
    private readonly float[] _frame;
    private VoiceActivityOptions _options;
    private int _buffered;
    private long _classifiedSamples;
    private bool _speaking;
    private bool _paused;
    private long _lastSpeechEndMs;

    /// <summary>Creates a detector over one stream's model.</summary>
    public VoiceActivityDetector(IVoiceActivityModel model, VoiceActivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.FrameSize <= 0 || model.SampleRate <= 0)
        {
            throw new ArgumentException(
                $"The voice activity model reports frame size {model.FrameSize} at {model.SampleRate} Hz; both must be positive.",
                nameof(model));
        }

        _model = model;
        _frame = new float[model.FrameSize];
        _options = options ?? new VoiceActivityOptions();
    }

    /// <summary>Raised synchronously for every classified frame, before the events that frame causes.</summary>
    public event EventHandler<VoiceActivityFrame>? FrameClassified;

    /// <summary>Gets or sets the settings this detector applies; a change applies from the next frame and keeps the stream's state.</summary>
    public VoiceActivityOptions Options
    {
        get => _options;
        set => _options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets the sample rate, in hertz, that <see cref="Process"/> expects.</summary>
    public int SampleRate => _model.SampleRate;

    /// <summary>Gets whether speech has started and not yet stopped.</summary>
    public bool IsSpeaking => _speaking;

    /// <summary>Gets how much audio has been classified, in milliseconds.</summary>
    public long ClassifiedMs => ToMs(_classifiedSamples);

    /// <summary>Feeds the next chunk of the stream and returns the events it caused, in order.</summary>
    /// <param name="samples">Mono samples in [-1, 1] at <see cref="SampleRate"/>; any length.</param>
    /// <exception cref="ArgumentException">A sample is NaN or infinite; nothing of the chunk is used.</exception>
    public IReadOnlyList<VoiceActivityEvent> Process(ReadOnlySpan<float> samples)
    {
        // A recurrent model fed one NaN would carry it in its state and never hear speech again, so refuse the chunk whole.
        for (var i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                throw new ArgumentException($"Audio samples must be finite numbers; sample {i} of the chunk is {samples[i]}.", nameof(samples));
            }
        }

        List<VoiceActivityEvent>? events = null;
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _frame.Length - _buffered);
            samples[..take].CopyTo(_frame.AsSpan(_buffered));
            _buffered += take;
            samples = samples[take..];
            if (_buffered == _frame.Length)
            {
                _buffered = 0;
                ClassifyFrame(ref events);
            }
        }

        return events is null ? [] : events;
    }

    /// <summary>Forgets the stream: the model's state, any part-frame, the speech state, and the timeline, which restarts at 0.</summary>
    public void Reset()
    {
        _model.Reset();
        _buffered = 0;
        _classifiedSamples = 0;
        _speaking = false;
        _paused = false;
        _lastSpeechEndMs = 0;
    }

    private void ClassifyFrame(ref List<VoiceActivityEvent>? events)
    {
        var startMs = ToMs(_classifiedSamples);
        var probability = _model.Classify(_frame);
        _classifiedSamples += _frame.Length;
        var endMs = ToMs(_classifiedSamples);
        var isSpeech = probability >= Options.Threshold;
        FrameClassified?.Invoke(this, new VoiceActivityFrame(endMs, probability, isSpeech));

        if (isSpeech)
        {
            _lastSpeechEndMs = endMs;
            if (!_speaking)
            {
                _speaking = true;
                (events ??= []).Add(new SpeechStarted(Math.Max(0, startMs - Options.PrefixPaddingMs), startMs, endMs));
            }
            else if (_paused)
            {
                _paused = false;
                (events ??= []).Add(new SpeechResumed(endMs));
            }

            return;
        }

        if (!_speaking)
        {
            return;
        }

        if (!_paused)
        {
            _paused = true;
            (events ??= []).Add(new SpeechPaused(_lastSpeechEndMs, endMs));
        }

        if (endMs - _lastSpeechEndMs >= Options.SilenceDurationMs)
        {
            _speaking = false;
            _paused = false;
            (events ??= []).Add(new SpeechStopped(_lastSpeechEndMs, endMs));
        }
    }

    private long ToMs(long samples) => samples * 1000 / _model.SampleRate;
}
