namespace Omnia.Speech;

/// <summary>Keys of <c>AdditionalProperties</c> that Omnia's speech engines and the server agree on.</summary>
public static class SpeechProperties
{
    /// <summary>
    /// On a <c>TextUpdating</c> speech-to-text update: the whole hypothesis so far. It may revise earlier words, so it
    /// is not a delta.
    /// </summary>
    public const string PartialText = "partial_text";

    /// <summary>On a text-to-speech update: the text this piece of audio speaks.</summary>
    public const string SpokenText = "spoken_text";

    /// <summary>On speech-to-text options: <c>"translate"</c> asks for an English translation instead of a transcript.</summary>
    public const string Task = "task";

    /// <summary>On speech-to-text options: a prompt that guides the transcript (names, spelling, style).</summary>
    public const string Prompt = "prompt";

    /// <summary>On speech-to-text options: sampling temperature for engines that sample.</summary>
    public const string Temperature = "temperature";

    /// <summary>
    /// On a speech-to-text response or update: the language of the speech as an ISO 639-1 code, as the engine was told
    /// or detected it.
    /// </summary>
    public const string Language = "language";

    /// <summary>The input every speech-to-text engine takes: headerless s16le mono at this rate.</summary>
    public const int InputSampleRate = 16000;
}
