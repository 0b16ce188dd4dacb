using Microsoft.Extensions.AI;
using Omnia.Vision;

namespace Omnia.Server.MediaCascade;

/// <summary>What a chat model takes natively, and the engines that turn the media it does not take into text.</summary>
public sealed record MediaCascadeOptions
{
    /// <summary>The model's id, for the errors that name it.</summary>
    public required string ModelId { get; init; }

    /// <summary>The model's input modalities (<c>text</c>, <c>image</c>, <c>audio</c>): a medium it takes passes through untouched.</summary>
    public required IReadOnlyCollection<string> InputModalities { get; init; }

    /// <summary>Reads an image's text (OCR) for a model without vision; null when none is installed.</summary>
    public IImageTextReader? ImageReader { get; init; }

    /// <summary>
    /// The speech-to-text engine that transcribes audio for a model without audio input, asked for on each request
    /// (speech engines may load after the chat model); it returns null while none is ready.
    /// </summary>
    public Func<ISpeechToTextClient?> SpeechToText { get; init; } = () => null;

    internal bool TakesImages => InputModalities.Contains("image");
    internal bool TakesAudio => InputModalities.Contains("audio");
}
