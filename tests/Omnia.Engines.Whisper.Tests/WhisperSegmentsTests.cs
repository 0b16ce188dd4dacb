using Microsoft.Extensions.AI;
using Omnia.Speech;
using Whisper.net;

namespace Omnia.Engines.Whisper.Tests;

public sealed class WhisperSegmentsTests
{
    [Fact]
    public void Each_segment_becomes_a_timed_final_update_with_its_detected_language()
    {
        var segment = Segment(" Guten Tag.", 1.5, 3.25, "de");

        var update = WhisperSegments.ToUpdate(segment, "ggml-base", requestedLanguage: null, TimeSpan.FromSeconds(5));

        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, update.Kind);
        Assert.Equal(" Guten Tag.", update.Text);
        Assert.Equal(TimeSpan.FromSeconds(1.5), update.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(3.25), update.EndTime);
        Assert.Equal("ggml-base", update.ModelId);
        Assert.Equal("de", update.AdditionalProperties?[SpeechProperties.Language]);
    }

    [Fact]
    public void A_segment_without_a_detected_language_reports_the_requested_one()
    {
        var update = WhisperSegments.ToUpdate(Segment(" Hello.", 0, 1, "auto"), "ggml-base", requestedLanguage: "en", TimeSpan.FromSeconds(5));

        Assert.Equal("en", update.AdditionalProperties?[SpeechProperties.Language]);
    }

    [Fact]
    public void Times_past_the_end_of_the_audio_are_clamped_to_it()
    {
        // whisper.cpp times a segment within its 30-second window, so its end can pass the end of short audio.
        var update = WhisperSegments.ToUpdate(Segment(" Hi.", 0.4, 10.4, "en"), "m", null, TimeSpan.FromSeconds(3));
        var response = WhisperSegments.ToResponse([Segment(" Hi.", 0.4, 10.4, "en")], "m", null, TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(0.4), update.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(3), update.EndTime);
        Assert.Equal(TimeSpan.FromSeconds(3), response.EndTime);
    }

    [Fact]
    public void The_response_joins_the_segments_and_spans_them()
    {
        var segments = new[] { Segment(" Hello there.", 0.5, 2, "en"), Segment("  ", 2, 3, "en"), Segment(" How are you?", 3, 4.5, "en") };

        var response = WhisperSegments.ToResponse(segments, "ggml-base", null, TimeSpan.FromSeconds(6));

        Assert.Equal("Hello there. How are you?", response.Text);
        Assert.Equal(TimeSpan.FromSeconds(0.5), response.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(4.5), response.EndTime);
        Assert.Equal("en", response.AdditionalProperties?[SpeechProperties.Language]);
    }

    [Fact]
    public void No_segments_give_an_empty_transcript_over_the_whole_audio()
    {
        var response = WhisperSegments.ToResponse([], "ggml-base", "fr", TimeSpan.FromSeconds(2));

        Assert.Equal("", response.Text);
        Assert.Equal(TimeSpan.FromSeconds(2), response.EndTime);
        Assert.Equal("fr", response.AdditionalProperties?[SpeechProperties.Language]);
    }

    [Fact]
    public void Streamed_updates_combine_into_the_same_text_as_the_response()
    {
        var segments = new[] { Segment(" One.", 0, 1, "en"), Segment(" Two.", 1, 2, "en") };

        var combined = segments.Select(s => WhisperSegments.ToUpdate(s, "m", null, TimeSpan.FromSeconds(2))).ToSpeechToTextResponse();

        Assert.Equal(WhisperSegments.ToResponse(segments, "m", null, TimeSpan.FromSeconds(2)).Text, combined.Text.Trim());
    }

    private static SegmentData Segment(string text, double start, double end, string language) =>
        new(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), 0.5f, 0.9f, 0.7f, 0.1f, language, []);
}
