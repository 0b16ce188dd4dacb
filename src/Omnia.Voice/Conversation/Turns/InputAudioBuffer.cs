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
        if (_samples.Count > max) _samples.RemoveRange(0, _samples.Count - max);
        SamplesSeen += samples.Length;
        _arrivals.Add((SamplesSeen, time.GetTimestamp()));
        if (_arrivals.Count > MaxArrivals) _arrivals.RemoveRange(0, MaxArrivals / 2);
    }

    /// <summary>Empties the buffer and returns what it held.</summary>
    public float[] Take()
    {
        var audio = _samples.ToArray();
        _samples.Clear();
        return audio;
    }

    public void Clear() => _samples.Clear();

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
