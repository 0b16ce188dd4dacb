using Omnia.Engines.Classic.Pocketsphinx;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>Issue #10: long audio is cut into bounded segments at quiet points, checked at the scale of the hour-long
/// uploads that used to fail (the real engine runs on a few minutes in <see cref="LongAudioRecognitionTests"/>).</summary>
public class QuietCutSegmenterTests
{
    private const int Rate = 16000;

    [Fact]
    public void Twenty_minutes_of_speech_like_bursts_are_cut_only_in_pauses_into_bounded_segments_that_lose_no_sample()
    {
        var random = new Random(10);
        var (audio, silent) = Bursts(random, TimeSpan.FromMinutes(20));
        var segmenter = new QuietCutSegmenter(30 * Rate, 5 * Rate);

        var segments = Segment(segmenter, audio, random);

        Assert.Equal(audio, segments.SelectMany(segment => segment).ToArray());
        Assert.All(segments, segment => Assert.InRange(segment.Length, 1, 30 * Rate));
        Assert.InRange(segments.Count, 20 * 60 / 30, 20 * 60 / 25 + 1);
        var cut = 0;
        foreach (var segment in segments.SkipLast(1))
        {
            cut += segment.Length;
            Assert.True(silent[cut], $"the cut at {cut / (double)Rate:0.00} s falls inside a burst");
        }
    }

    [Fact]
    public void Audio_without_any_pause_is_still_cut_at_the_maximum_length()
    {
        var random = new Random(3);
        var audio = Enumerable.Range(0, 95 * Rate).Select(_ => (short)random.Next(-8000, 8000)).ToArray();

        var segments = Segment(new QuietCutSegmenter(30 * Rate, 5 * Rate), audio, random);

        Assert.Equal(audio.Length, segments.Sum(segment => segment.Length));
        Assert.All(segments.SkipLast(1), segment => Assert.InRange(segment.Length, 25 * Rate, 30 * Rate));
        Assert.Equal(4, segments.Count);
    }

    [Fact]
    public void Short_audio_is_one_segment_and_no_audio_is_none()
    {
        var segmenter = new QuietCutSegmenter(30 * Rate, 5 * Rate);
        Assert.Equal(Rate, Segment(segmenter, new short[Rate], new Random(1)).Single().Length);
        Assert.Empty(new QuietCutSegmenter(30 * Rate, 5 * Rate).Finish());
    }

    private static List<short[]> Segment(QuietCutSegmenter segmenter, short[] audio, Random random)
    {
        var segments = new List<short[]>();
        var current = new List<short>();
        void Collect(IReadOnlyList<SegmentStep> steps)
        {
            foreach (var step in steps)
            {
                current.AddRange(step.Samples.ToArray());
                if (step.EndsSegment)
                {
                    segments.Add([.. current]);
                    current.Clear();
                }
            }
        }

        for (var offset = 0; offset < audio.Length;)
        {
            var block = Math.Min(random.Next(1, 20_000), audio.Length - offset);
            Collect(segmenter.Append(audio.AsSpan(offset, block)));
            offset += block;
        }

        Collect(segmenter.Finish());
        Assert.Empty(current);
        return segments;
    }

    /// <summary>Noise bursts of 0.5–4 s (words and sentences) between silences of 0.3–1 s, and which samples are silent.</summary>
    private static (short[] Audio, bool[] Silent) Bursts(Random random, TimeSpan duration)
    {
        var total = (int)(duration.TotalSeconds * Rate);
        var audio = new short[total];
        var silent = new bool[total + 1];
        var position = 0;
        while (position < total)
        {
            var burst = Math.Min(random.Next(Rate / 2, 4 * Rate), total - position);
            for (var i = 0; i < burst; i++)
            {
                audio[position + i] = (short)random.Next(-8000, 8000);
            }

            position += burst;
            var pause = Math.Min(random.Next(3 * Rate / 10, Rate), total - position);
            Array.Fill(silent, true, position, pause);
            position += pause;
        }

        silent[total] = true;
        return (audio, silent);
    }
}
