namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>Splits a stream of samples into segments no longer than a maximum, each cut at the quietest moment of the
/// window before that maximum, so long audio is recognised as a series of bounded utterances.</summary>
/// <remarks>
/// Samples are released for decoding as soon as they cannot fall in a segment's cutting window, so decoding keeps
/// pace with the input and only that window (at most <c>searchSamples</c> plus one appended block) is held back.
/// The cut goes through the middle of the quietest 10 ms frame of the window: the pause between words or sentences
/// when there is one. Not thread-safe: one producer appends and finishes.
/// </remarks>
internal sealed class QuietCutSegmenter
{
    private const int FrameSamples = 160;

    private readonly int _maxSegmentSamples;
    private readonly int _searchSamples;
    private short[] _pending = [];
    private int _pendingCount;
    private int _segmentFed;

    /// <param name="maxSegmentSamples">The longest segment.</param>
    /// <param name="searchSamples">How far before the maximum a cut may fall (at most half the maximum).</param>
    public QuietCutSegmenter(int maxSegmentSamples, int searchSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentSamples, 2 * FrameSamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(searchSamples, FrameSamples);
        _maxSegmentSamples = maxSegmentSamples;
        _searchSamples = Math.Min(searchSamples, maxSegmentSamples / 2);
    }

    /// <summary>Takes more samples and returns what can be decoded now, in order; a step ending a segment says so.</summary>
    public IReadOnlyList<SegmentStep> Append(ReadOnlySpan<short> samples)
    {
        EnsureCapacity(_pendingCount + samples.Length);
        samples.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += samples.Length;

        var steps = new List<SegmentStep>();
        while (true)
        {
            var room = _maxSegmentSamples - _segmentFed;
            if (_pendingCount > room)
            {
                // The segment must end within what is pending: cut at the quietest point of its window.
                var windowStart = Math.Max(0, room - _searchSamples);
                var cut = QuietestPoint(_pending.AsSpan(windowStart, room - windowStart)) + windowStart;
                steps.Add(Take(Math.Max(cut, _segmentFed == 0 ? 1 : 0), endsSegment: true));
                continue;
            }

            var safe = Math.Min(_pendingCount, Math.Max(0, _maxSegmentSamples - _searchSamples - _segmentFed));
            if (safe > 0)
            {
                steps.Add(Take(safe, endsSegment: false));
            }

            return steps;
        }
    }

    /// <summary>Ends the stream: returns the samples still held back, ending the last segment (nothing if it is empty).</summary>
    public IReadOnlyList<SegmentStep> Finish() =>
        _pendingCount == 0 && _segmentFed == 0 ? [] : [Take(_pendingCount, endsSegment: true)];

    private SegmentStep Take(int count, bool endsSegment)
    {
        var samples = _pending.AsSpan(0, count).ToArray();
        _pending.AsSpan(count, _pendingCount - count).CopyTo(_pending);
        _pendingCount -= count;
        _segmentFed = endsSegment ? 0 : _segmentFed + count;
        return new SegmentStep(samples, endsSegment);
    }

    /// <summary>The offset of the middle of the window's quietest whole frame (its middle, if shorter than one frame).</summary>
    private static int QuietestPoint(ReadOnlySpan<short> window)
    {
        var best = window.Length / 2;
        var bestEnergy = long.MaxValue;
        for (var start = 0; start + FrameSamples <= window.Length; start += FrameSamples)
        {
            long energy = 0;
            foreach (var sample in window.Slice(start, FrameSamples))
            {
                energy += sample * sample;
            }

            // Ties go to the later frame, so silence yields segments as long as allowed.
            if (energy <= bestEnergy)
            {
                bestEnergy = energy;
                best = start + (FrameSamples / 2);
            }
        }

        return best;
    }

    private void EnsureCapacity(int needed)
    {
        if (_pending.Length < needed)
        {
            Array.Resize(ref _pending, Math.Max(needed, 2 * _pending.Length));
        }
    }
}

/// <summary>Samples to decode, and whether the segment (the utterance) ends after them.</summary>
internal readonly record struct SegmentStep(ReadOnlyMemory<short> Samples, bool EndsSegment);
