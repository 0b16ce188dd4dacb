using System.Text.Json.Serialization;

namespace Omnia.Server.OpenAI.Audio;

/// <summary><c>response_format: json</c>.</summary>
public sealed record TranscriptionJson(string Text, TranscriptionUsage Usage);

/// <summary><c>response_format: verbose_json</c>, with segments (and words when asked and known).</summary>
public sealed record VerboseTranscription(
    string Task,
    string Language,
    double Duration,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptSegment>? Segments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptWord>? Words,
    TranscriptionUsage Usage);

public sealed record TranscriptSegment(int Id, double Start, double End, string Text)
{
    public int Seek => 0;
    public IReadOnlyList<int> Tokens => [];
    public double Temperature => 0;
    public double AvgLogprob => 0;
    public double CompressionRatio => 1;
    public double NoSpeechProb => 0;
}

public sealed record TranscriptWord(string Word, double Start, double End);

/// <summary>Billing-style usage: how many seconds of audio were heard.</summary>
public sealed record TranscriptionUsage(double Seconds)
{
    public string Type => "duration";
}

/// <summary>SSE <c>transcript.text.delta</c>.</summary>
public sealed record TranscriptTextDelta(string Delta)
{
    public string Type => "transcript.text.delta";
}

/// <summary>SSE <c>transcript.text.done</c>.</summary>
public sealed record TranscriptTextDone(string Text, TranscriptionUsage Usage)
{
    public string Type => "transcript.text.done";
}
