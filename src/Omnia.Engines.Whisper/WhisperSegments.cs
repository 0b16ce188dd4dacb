using Microsoft.Extensions.AI;
using Omnia.Speech;
using Whisper.net;

namespace Omnia.Engines.Whisper;

/// <summary>Turns whisper.cpp's decoded segments into Microsoft.Extensions.AI updates and responses.</summary>
internal static class WhisperSegments
{
    /// <summary>One <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> update per segment, timed, with its language.</summary>
    /// <remarks>whisper.cpp times segments in whole 30-second windows and may place an end past the audio; times are clamped to it.</remarks>
    public static SpeechToTextResponseUpdate ToUpdate(SegmentData segment, string modelId, string? requestedLanguage, TimeSpan duration) =>
        new(segment.Text)
        {
            Kind = SpeechToTextResponseUpdateKind.TextUpdated,
            ModelId = modelId,
            StartTime = Clamp(segment.Start, duration),
            EndTime = Clamp(segment.End, duration),
            AdditionalProperties = Language(segment, requestedLanguage) is { } language
                ? new() { [SpeechProperties.Language] = language }
                : null,
            RawRepresentation = segment,
        };

    /// <summary>The whole transcript: the segments' text in order, timed from the first segment's start to the last one's end.</summary>
    public static SpeechToTextResponse ToResponse(IReadOnlyList<SegmentData> segments, string modelId, string? requestedLanguage, TimeSpan duration)
    {
        var text = string.Join(' ', segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));
        var language = segments.Select(s => Language(s, requestedLanguage)).FirstOrDefault(l => l is not null) ?? requestedLanguage;
        return new SpeechToTextResponse(text)
        {
            ModelId = modelId,
            StartTime = segments.Count > 0 ? Clamp(segments[0].Start, duration) : TimeSpan.Zero,
            EndTime = segments.Count > 0 ? Clamp(segments[^1].End, duration) : duration,
            AdditionalProperties = language is not null ? new() { [SpeechProperties.Language] = language } : null,
            RawRepresentation = segments,
        };
    }

    private static TimeSpan Clamp(TimeSpan time, TimeSpan duration) => time < TimeSpan.Zero ? TimeSpan.Zero : time > duration ? duration : time;

    // With detection on, whisper.cpp reports the language it detected on each segment; "auto" means it did not say.
    private static string? Language(SegmentData segment, string? requestedLanguage) =>
        segment.Language is { Length: > 0 } detected && detected != "auto" ? detected : requestedLanguage;
}
