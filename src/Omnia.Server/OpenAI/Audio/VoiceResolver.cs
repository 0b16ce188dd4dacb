using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>Turns a requested voice (an OpenAI name or an engine voice) into the engine's voice id, or a 400 listing the voices.</summary>
internal static class VoiceResolver
{
    /// <summary>OpenAI's voices; each is mapped to an engine voice by <see cref="OmniaServerOptions.Voices"/>.</summary>
    public static readonly string[] OpenAIVoices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

    /// <summary>Longer names are no voice any engine has; they are refused before reaching one.</summary>
    public const int MaxVoiceCharacters = 128;

    public static string Resolve(string? voice, ServedModel engine, OmniaServerOptions options, string param)
    {
        if (string.IsNullOrEmpty(voice))
            throw ApiException.BadRequest($"Missing required parameter: '{param}'.", param);
        if (voice.Length > MaxVoiceCharacters)
            throw ApiException.BadRequest($"'{param}' is longer than {MaxVoiceCharacters} characters.", param, "unknown_voice");
        if (options.Voices.TryGetValue(voice, out var mapped)) return mapped;
        if (OpenAIVoices.Contains(voice) || engine.Languages.Count == 0 || engine.Languages.Contains(voice, StringComparer.OrdinalIgnoreCase))
            return voice;
        throw ApiException.BadRequest(
            $"Unknown voice {Echo.Quote(voice)}. Voices: {string.Join(", ", OpenAIVoices)}, or one of {engine.Id}'s: " +
            $"{string.Join(", ", engine.Languages.Take(40))}{(engine.Languages.Count > 40 ? ", …" : "")}.",
            param, "unknown_voice");
    }
}
