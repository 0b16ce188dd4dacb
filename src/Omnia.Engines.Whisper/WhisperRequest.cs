using System.Globalization;
using Microsoft.Extensions.AI;
using Omnia.Errors;
using Omnia.Speech;

namespace Omnia.Engines.Whisper;

/// <summary>One request's decoding settings, read and checked from <see cref="SpeechToTextOptions"/> before any audio is read.</summary>
/// <param name="Language">An ISO 639-1 code, or null to detect the language.</param>
internal sealed record WhisperRequest(string? Language, WhisperTask Task, string? Prompt, float? Temperature)
{
    /// <summary>Whisper tokenizes the prompt into at most half its 448-token context; longer text is cut by the engine anyway.</summary>
    public const int MaxPromptLength = 2000;

    /// <param name="languages">The codes the model knows; English alone for an English-only model.</param>
    public static WhisperRequest From(SpeechToTextOptions? options, IReadOnlyList<string> languages)
    {
        var multilingual = languages.Count > 1;
        if (options?.SpeechSampleRate is { } rate && rate != SpeechProperties.InputSampleRate)
        {
            throw new InvalidRequestException(
                $"Whisper takes {SpeechProperties.InputSampleRate} Hz audio, not {rate} Hz; resample it first.", "file", "invalid_audio");
        }
        var language = ReadLanguage(options?.SpeechLanguage, languages);
        var task = ReadTask(options);
        if (task == WhisperTask.Translate && !multilingual)
        {
            throw new InvalidRequestException("This Whisper model is English-only and cannot translate; use a multilingual model.", "model");
        }
        return new WhisperRequest(language, task, ReadPrompt(options), ReadTemperature(options));
    }

    private static string? ReadLanguage(string? requested, IReadOnlyList<string> languages)
    {
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return languages.Count > 1 ? null : "en";
        }
        // "en-US" and "en_us" mean English to Whisper, which knows languages, not regions.
        var code = requested.Trim().Split('-', '_')[0].ToLowerInvariant();
        if (languages.Count == 1 && code != "en")
        {
            throw new InvalidRequestException(
                $"This Whisper model is English-only, so it cannot transcribe '{requested}'; use a multilingual model.",
                "language", "unsupported_language");
        }
        if (!languages.Contains(code))
        {
            throw new InvalidRequestException(
                $"This Whisper model does not know the language '{requested}'. Use an ISO 639-1 code: {string.Join(", ", languages)}.",
                "language", "unsupported_language");
        }
        return code;
    }

    private static WhisperTask ReadTask(SpeechToTextOptions? options)
    {
        var value = Property(options, SpeechProperties.Task);
        WhisperTask task;
        if (value is null)
        {
            task = WhisperTask.Transcribe;
        }
        else if (value is string name && Enum.TryParse(name, ignoreCase: true, out task) && Enum.IsDefined(task))
        {
        }
        else
        {
            throw new InvalidRequestException($"'{value}' is not a Whisper task; use 'transcribe' or 'translate'.", SpeechProperties.Task);
        }
        // Asking for English text is how Microsoft.Extensions.AI spells translation; Whisper translates to English only.
        if (options?.TextLanguage is { Length: > 0 } target)
        {
            if (!target.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidRequestException($"Whisper translates into English only, not '{target}'.", "language", "unsupported_language");
            }
            var spoken = options.SpeechLanguage;
            if (spoken is null || !spoken.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                task = WhisperTask.Translate;
            }
        }
        return task;
    }

    private static string? ReadPrompt(SpeechToTextOptions? options) => Property(options, SpeechProperties.Prompt) switch
    {
        null => null,
        string { Length: > MaxPromptLength } tooLong => throw new InvalidRequestException(
            $"The prompt is {tooLong.Length} characters; Whisper uses at most {MaxPromptLength}.", SpeechProperties.Prompt),
        string text => string.IsNullOrWhiteSpace(text) ? null : text,
        var other => throw new InvalidRequestException($"The prompt must be text, not {other.GetType().Name}.", SpeechProperties.Prompt),
    };

    private static float? ReadTemperature(SpeechToTextOptions? options)
    {
        var value = Property(options, SpeechProperties.Temperature);
        if (value is null)
        {
            return null;
        }
        float? number = value switch
        {
            float f => f,
            double d => (float)d,
            int i => i,
            string s when float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is not { } t || !float.IsFinite(t) || t is < 0 or > 1)
        {
            throw new InvalidRequestException($"temperature must be a number between 0 and 1, not '{value}'.", SpeechProperties.Temperature);
        }
        return t;
    }

    private static object? Property(SpeechToTextOptions? options, string key) =>
        options?.AdditionalProperties?.TryGetValue(key, out var value) == true ? value : null;
}
