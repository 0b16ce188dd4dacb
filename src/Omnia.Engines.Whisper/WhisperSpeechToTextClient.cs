using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Concurrency;
using Omnia.Errors;
using Omnia.Models;
using Whisper.net;

namespace Omnia.Engines.Whisper;

/// <summary>Speech-to-text with OpenAI's Whisper through whisper.cpp (Whisper.net): many languages, translation to English, timed segments.</summary>
/// <remarks>
/// <para>
/// Loads a whisper.cpp ggml model (<c>ggml-base.bin</c>, <c>ggml-small.en-q5_1.bin</c>, …); the file is checked
/// before the native loader sees it, so a missing, truncated or foreign file fails with an
/// <see cref="InvalidModelFileException"/> naming it. Input is headerless s16le mono at 16 kHz.
/// </para>
/// <para>
/// Options: <see cref="SpeechToTextOptions.SpeechLanguage"/> (an ISO 639-1 code; null or "auto" detects it),
/// <see cref="Omnia.Speech.SpeechProperties.Task"/> = "translate" (or <see cref="SpeechToTextOptions.TextLanguage"/>
/// "en" for other speech) for an English translation, <see cref="Omnia.Speech.SpeechProperties.Prompt"/> and
/// <see cref="Omnia.Speech.SpeechProperties.Temperature"/> (0–1). Responses and updates carry the language under
/// <see cref="Omnia.Speech.SpeechProperties.Language"/>. The streaming call yields one
/// <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> update per segment, with its start and end time, as soon
/// as whisper.cpp has decoded it.
/// </para>
/// <para>
/// Thread-safe. whisper.cpp fixes language, task, prompt and temperature when a processor (a <c>whisper_state</c>)
/// is built, and requests differ in them, so each request builds its own processor over the one loaded model rather
/// than sharing a long-lived inference loop; a bounded pool of decoding slots
/// (<see cref="WhisperSpeechToTextClientOptions.MaxConcurrentRequests"/>) caps the states alive at once, and at most
/// <see cref="WhisperSpeechToTextClientOptions.MaxQueuedRequests"/> more may wait — beyond that a request is refused
/// with <see cref="EngineOverloadedException"/> before its audio is read. Building a state costs little next to
/// encoding even a second of audio. Cancellation stops the decode between whisper.cpp's callbacks.
/// </para>
/// </remarks>
public sealed class WhisperSpeechToTextClient : ISpeechToTextClient
{
    private readonly WhisperFactory factory;
    private readonly GgmlWhisperModelFile model;
    private readonly RequestGate gate;
    private readonly int threads;
    private readonly TimeSpan maxAudioDuration;
    private readonly SpeechToTextClientMetadata metadata;

    /// <summary>Loads the model in <paramref name="modelPath"/>.</summary>
    /// <exception cref="InvalidModelFileException">The file is missing, truncated or not a whisper.cpp ggml model.</exception>
    /// <exception cref="InvalidOperationException">Whisper.net's native runtime cannot be loaded on this machine.</exception>
    public WhisperSpeechToTextClient(string modelPath, WhisperSpeechToTextClientOptions? options = null)
    {
        options ??= new WhisperSpeechToTextClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentRequests, 1, nameof(options.MaxConcurrentRequests));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxQueuedRequests, nameof(options.MaxQueuedRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxAudioDuration, TimeSpan.Zero, nameof(options.MaxAudioDuration));
        model = GgmlWhisperModelFile.Read(modelPath);
        factory = WhisperRuntime.Load(modelPath);
        ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(modelPath);
        var maxAdmitted = options.MaxConcurrentRequests + options.MaxQueuedRequests;
        gate = new RequestGate(options.MaxConcurrentRequests, maxAdmitted, factory.Dispose,
            $"Whisper is busy: {maxAdmitted} transcriptions are running or waiting. Retry shortly.");
        threads = options.Threads;
        maxAudioDuration = options.MaxAudioDuration;
        metadata = new SpeechToTextClientMetadata("whisper.cpp", null, ModelId);
    }

    /// <summary>The model id reported in responses.</summary>
    public string ModelId { get; }

    /// <summary>Whether the model knows every Whisper language and can translate; <c>*.en</c> models know English only.</summary>
    public bool IsMultilingual => model.IsMultilingual;

    /// <summary>The ISO 639-1 codes this model recognises.</summary>
    public IReadOnlyList<string> Languages => model.Languages;

    /// <inheritdoc />
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var request = WhisperRequest.From(options, model.Languages);
        using var admitted = gate.Enter(this);
        var samples = await PcmInput.ReadAsync(audioSpeechStream, maxAudioDuration, cancellationToken);
        var segments = new List<SegmentData>();
        await foreach (var segment in DecodeAsync(samples, request, cancellationToken))
        {
            segments.Add(segment);
        }
        return WhisperSegments.ToResponse(segments, ModelId, request.Language, DurationOf(samples));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var request = WhisperRequest.From(options, model.Languages);
        using var admitted = gate.Enter(this);
        var samples = await PcmInput.ReadAsync(audioSpeechStream, maxAudioDuration, cancellationToken);
        await foreach (var segment in DecodeAsync(samples, request, cancellationToken))
        {
            yield return WhisperSegments.ToUpdate(segment, ModelId, request.Language, DurationOf(samples));
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }
        if (serviceType == typeof(SpeechToTextClientMetadata))
        {
            return metadata;
        }
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Refuses new requests; the model is freed when the last running request ends.</summary>
    public void Dispose() => gate.Dispose();

    // Silence of zero length never reaches whisper.cpp; anything else waits for a decoding slot.
    private async IAsyncEnumerable<SegmentData> DecodeAsync(float[] samples, WhisperRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (samples.Length == 0)
        {
            yield break;
        }
        using var slot = await gate.WaitForSlotAsync(cancellationToken);
        await using var processor = Build(request);
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
        {
            yield return segment;
        }
    }

    private static TimeSpan DurationOf(float[] samples) =>
        TimeSpan.FromSeconds(samples.Length / (double)Omnia.Speech.SpeechProperties.InputSampleRate);

    private WhisperProcessor Build(WhisperRequest request)
    {
        var builder = factory.CreateBuilder().WithThreads(threads);
        builder = request.Language is { } language ? builder.WithLanguage(language) : builder.WithLanguageDetection();
        if (request.Task == WhisperTask.Translate)
        {
            builder = builder.WithTranslate();
        }
        if (request.Prompt is { } prompt)
        {
            builder = builder.WithPrompt(prompt);
        }
        if (request.Temperature is { } temperature)
        {
            builder = builder.WithTemperature(temperature);
        }
        return builder.Build();
    }
}
