using System.Globalization;
using System.Text;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>SubRip and WebVTT renderings of transcript segments.</summary>
internal static class Subtitles
{
    public static string Srt(IReadOnlyList<TranscriptSegment> segments)
    {
        var builder = new StringBuilder();
        foreach (var (segment, index) in segments.Select((s, i) => (s, i + 1)))
            builder.Append(CultureInfo.InvariantCulture, $"{index}\n{Time(segment.Start, ',')} --> {Time(segment.End, ',')}\n{segment.Text.Trim()}\n\n");
        return builder.ToString();
    }

    public static string Vtt(IReadOnlyList<TranscriptSegment> segments)
    {
        var builder = new StringBuilder("WEBVTT\n\n");
        foreach (var segment in segments)
            builder.Append(CultureInfo.InvariantCulture, $"{Time(segment.Start, '.')} --> {Time(segment.End, '.')}\n{segment.Text.Trim()}\n\n");
        return builder.ToString();
    }

    private static string Time(double seconds, char separator)
    {
        var time = TimeSpan.FromSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{separator}{time.Milliseconds:000}");
    }
}
