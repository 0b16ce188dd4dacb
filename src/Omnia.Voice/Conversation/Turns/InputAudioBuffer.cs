namespace Omnia.Voice.Conversation;

/// <summary>
/// The user's audio since the last commit (16 kHz mono), capped so the oldest goes past the limit, and when each
/// chunk arrived, so a turn's latency is measured from when its last word reached the server. Owned by the
/// conversation's loop: not thread-safe.
/// </summary>
public sealed class InputAudioBuffer(TimeProvider time)
{
    public const int SampleRate = TurnDetector.SampleRate;
    private const int MaxArrivals = 4096;

    private readonly List<float> _samples = [];
    private readonly List<(long EndSample, long Timestamp)> _arrivals = [];

    /// <summary>All the samples heard since the conversation started, committed or not.</summary>
    public long SamplesSeen { get; private set; }

    public long AudioMs => SamplesSeen * 1000 / SampleRate;
    public int Count => _samples.Count;

    public void Append(ReadOnlySpan<float> samples, int maxSeconds)
    {
        _samples.AddRange(samples);
        var max = maxSeconds * SampleRate;
        // A tenth more than the excess goes at once: dropping only the excess would move the whole buffer on every
        // chunk once it is full (15 minutes of audio, 57 MB, per 20 ms chunk).
        if (_samples.Count > max) _samples.RemoveRange(0, Math.Min(_samples.Count, _samples.Count - max + max / 10));
        SamplesSeen += samples.Length;
        _arrivals.Add((SamplesSeen, time.GetTimestamp()));
        if (_arrivals.Count > MaxArrivals) _arrivals.RemoveRange(0, MaxArrivals / 2);
    }

    /// <summary>Empties the buffer and returns what it held from <paramref name="fromMs"/> of the conversation's audio on (all of it by default).</summary>
    public float[] Take(long fromMs = 0)
    {
        var audio = From(fromMs);
        _samples.Clear();
        return audio;
    }

    public void Clear() => _samples.Clear();

    /// <summary>
    /// Forgets all but the last <paramref name="ms"/> of audio, once twice that is held (so the move it costs is
    /// amortized): while nobody speaks, only the prefix padding of the next utterance is worth keeping.
    /// </summary>
    public void KeepLast(int ms)
    {
        var keep = ms * SampleRate / 1000;
        if (_samples.Count > 2 * keep) _samples.RemoveRange(0, _samples.Count - keep);
    }

    /// <summary>The buffered audio from <paramref name="audioMs"/> of the conversation's audio on.</summary>
    public float[] From(long audioMs)
    {
        var startSample = audioMs * SampleRate / 1000;
        var bufferStart = SamplesSeen - _samples.Count;
        var from = (int)Math.Clamp(startSample - bufferStart, 0, _samples.Count);
        return _samples.GetRange(from, _samples.Count - from).ToArray();
    }

    /// <summary>When the audio that held <paramref name="audioMs"/> arrived (now when unknown): where a turn's latency is measured from.</summary>
    public long ArrivalOf(long? audioMs)
    {
        if (audioMs is null || _arrivals.Count == 0) return time.GetTimestamp();
        var sample = audioMs.Value * SampleRate / 1000;
        foreach (var (end, timestamp) in _arrivals)
            if (end >= sample) return timestamp;
        return _arrivals[^1].Timestamp;
    }
}
