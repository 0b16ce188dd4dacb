namespace Omnia.Server.OpenAI.Audio;

/// <summary>The body of <c>POST /v1/audio/speech</c>.</summary>
public sealed record SpeechRequest
{
    public string? Model { get; init; }
    public string? Input { get; init; }
    public string? Voice { get; init; }
    public string? Instructions { get; init; }
    public string? ResponseFormat { get; init; }
    public float? Speed { get; init; }
    public string? StreamFormat { get; init; }
}

/// <summary>SSE <c>speech.audio.delta</c>: base64 audio in the requested format.</summary>
public sealed record SpeechAudioDelta(string Audio)
{
    public string Type => "speech.audio.delta";
}

/// <summary>SSE <c>speech.audio.done</c>.</summary>
public sealed record SpeechAudioDone(SpeechUsage Usage)
{
    public string Type => "speech.audio.done";
}

public sealed record SpeechUsage(int InputTokens, int OutputTokens)
{
    public int TotalTokens => InputTokens + OutputTokens;
}
