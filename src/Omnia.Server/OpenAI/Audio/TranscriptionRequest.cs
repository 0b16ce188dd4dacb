using Microsoft.AspNetCore.Http;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>The validated form of <c>POST /v1/audio/transcriptions</c> and <c>/translations</c>.</summary>
internal sealed record TranscriptionRequest(
    IFormFile File,
    string? Model,
    string? Language,
    string? Prompt,
    string ResponseFormat,
    float? Temperature,
    bool Stream,
    IReadOnlyList<string> TimestampGranularities);
