namespace Omnia.Catalog;

/// <summary>What a model file is used for: an open-ended string enum, as Microsoft.Extensions.AI's <c>ChatRole</c>.</summary>
public readonly record struct ModelRole(string Value)
{
    public static ModelRole Chat { get; } = new("chat");
    public static ModelRole Projector { get; } = new("mmproj");
    public static ModelRole SpeechToText { get; } = new("stt");
    public static ModelRole TextToSpeech { get; } = new("tts");
    public static ModelRole VoiceActivity { get; } = new("vad");

    /// <summary>A model that scores whether a speaker has finished their turn (Smart Turn), for semantic turn detection.</summary>
    public static ModelRole EndOfTurn { get; } = new("turn");

    /// <summary>A guard model (Llama Guard) run through the chat engine to classify content for <c>/v1/moderations</c> and guardrails.</summary>
    public static ModelRole Moderation { get; } = new("moderation");

    /// <summary>An image generator (a Stable Diffusion export) for <c>/v1/images/generations</c>.</summary>
    public static ModelRole Image { get; } = new("image");

    /// <summary>A data file another catalog file needs beside it, such as a Piper voice's <c>.onnx.json</c>.</summary>
    public static ModelRole Config { get; } = new("config");

    public override string ToString() => Value;
}
