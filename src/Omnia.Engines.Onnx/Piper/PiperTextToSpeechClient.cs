using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Omnia.Audio;
using Omnia.Concurrency;
using Omnia.Errors;
using Omnia.Models;
using Omnia.Speech;

namespace Omnia.Engines.Onnx.Piper;

/// <summary>Text-to-speech with a Piper voice (a VITS model on ONNX Runtime), from espeak-ng phonemes.</summary>
/// <remarks>
/// <para>
/// A voice is two files: <c>name.onnx</c> and its config <c>name.onnx.json</c> (sample rate, espeak-ng voice, phoneme
/// ids, inference scales, speakers). Both are checked at construction; a missing or malformed file, or a model without
/// Piper's inputs (<c>input</c>, <c>input_lengths</c>, <c>scales</c>, and <c>sid</c> for several speakers), fails
/// with an <see cref="InvalidModelFileException"/> naming the file.
/// </para>
/// <para>
/// Audio comes back as <see cref="DataContent"/> of media type <c>audio/pcm;rate=R;channels=1</c> at the voice's
/// rate (<see cref="MediaType"/>). <see cref="TextToSpeechOptions.Speed"/> divides the voice's length scale;
/// <see cref="TextToSpeechOptions.VoiceId"/> picks a speaker by name or number, or through
/// <see cref="PiperTextToSpeechClientOptions.VoiceAliases"/>; the voice's own name or espeak-ng voice means the default
/// speaker. The streaming call yields one update per sentence as soon as it is synthesized, with the spoken text under
/// <see cref="SpeechProperties.SpokenText"/>.
/// </para>
/// <para>
/// Thread-safe. One ONNX Runtime session serves every request; each sentence waits for one of
/// <see cref="PiperTextToSpeechClientOptions.MaxConcurrentSyntheses"/> slots, so concurrent streams interleave sentence
/// by sentence instead of waiting for each other's whole text. Past
/// <see cref="PiperTextToSpeechClientOptions.MaxActiveRequests"/> requests are refused with
/// <see cref="EngineOverloadedException"/>. Cancellation terminates a running synthesis.
/// </para>
/// </remarks>
public sealed class PiperTextToSpeechClient : ITextToSpeechClient
{
    private const string InputName = "input";
    private const string InputLengthsName = "input_lengths";
    private const string ScalesName = "scales";
    private const string SpeakerName = "sid";

    private readonly IPhonemizer phonemizer;
    private readonly PiperVoiceConfig config;
    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession session;
    private readonly string outputName;
    private readonly bool takesSpeaker;
    private readonly IReadOnlyDictionary<string, string> aliases;
    private readonly RequestGate gate;
    private readonly int silenceSamples;
    private readonly TextToSpeechClientMetadata metadata;

    /// <summary>Loads the voice in <paramref name="modelPath"/> and its config.</summary>
    /// <param name="modelPath">The voice's <c>.onnx</c> file.</param>
    /// <param name="phonemizer">The espeak-ng phonemizer the voice was trained with.</param>
    /// <param name="options">Where the config is, names and limits.</param>
    /// <exception cref="InvalidModelFileException">A file is missing, malformed, or not a Piper voice.</exception>
    public PiperTextToSpeechClient(string modelPath, IPhonemizer phonemizer, PiperTextToSpeechClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(phonemizer);
        options ??= new PiperTextToSpeechClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentSyntheses, 1, nameof(options.MaxConcurrentSyntheses));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxActiveRequests, 1, nameof(options.MaxActiveRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SentenceSilence, TimeSpan.Zero, nameof(options.SentenceSilence));
        if (!File.Exists(modelPath))
        {
            throw new InvalidModelFileException(modelPath, "the Piper voice model (.onnx) does not exist.");
        }
        var configPath = options.ConfigPath ?? modelPath + ".json";
        config = PiperVoiceConfig.Read(configPath);
        this.phonemizer = phonemizer;
        CheckPhonemizerVoice(phonemizer, config.EspeakVoice, configPath);
        sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, InterOpNumThreads = 1 };
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new InvalidModelFileException(modelPath, $"ONNX Runtime cannot load it ({e.Message}).", e);
        }
        try
        {
            (outputName, takesSpeaker) = CheckGraph(session, modelPath, config);
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
        aliases = options.VoiceAliases;
        silenceSamples = (int)(options.SentenceSilence.TotalSeconds * config.SampleRate);
        ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(modelPath);
        MediaType = PcmMediaType.Format(config.SampleRate);
        metadata = new TextToSpeechClientMetadata("piper", null, ModelId);
        gate = new RequestGate(options.MaxConcurrentSyntheses, options.MaxActiveRequests, FreeSession,
            $"Piper voice '{ModelId}' is busy with {options.MaxActiveRequests} requests. Retry shortly.");
    }

    /// <summary>The model id reported in responses.</summary>
    public string ModelId { get; }

    /// <summary>The rate of the audio this voice produces.</summary>
    public int SampleRate => config.SampleRate;

    /// <summary>The media type of the audio this voice returns, e.g. <c>audio/pcm;rate=22050;channels=1</c>.</summary>
    public string MediaType { get; }

    /// <summary>The espeak-ng voice the model was trained on, which is also its language, e.g. <c>en-us</c>.</summary>
    public string Language => config.EspeakVoice;

    /// <summary>How many speakers the voice has; 1 for most voices.</summary>
    public int SpeakerCount => config.SpeakerCount;

    /// <summary>The speaker names of a multi-speaker voice; empty for a single speaker.</summary>
    public IReadOnlyList<string> Speakers => [.. config.Speakers.OrderBy(s => s.Value).Select(s => s.Key)];

    /// <inheritdoc />
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var pcm = new List<byte>();
        await foreach (var update in GetStreamingAudioAsync(text, options, cancellationToken))
        {
            pcm.AddRange(((DataContent)update.Contents[0]).Data.Span);
        }
        return new TextToSpeechResponse([new DataContent(pcm.ToArray(), MediaType)]) { ModelId = ModelId };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text,
        TextToSpeechOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidRequestException("The text to speak is empty.", "input");
        }
        var request = ResolveRequest(options);
        using var admitted = gate.Enter(this);
        var sentences = await phonemizer.PhonemizeAsync(text, config.EspeakVoice, cancellationToken);
        for (var i = 0; i < sentences.Count; i++)
        {
            var ids = PiperPhonemeIds.Encode(sentences[i].Phonemes, config.PhonemeIds);
            if (ids.Length == 0)
            {
                continue;
            }
            var silence = i + 1 < sentences.Count ? silenceSamples : 0;
            var pcm = await SynthesizeAsync(ids, request, silence, cancellationToken);
            yield return new TextToSpeechResponseUpdate([new DataContent(pcm, MediaType)])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                ModelId = ModelId,
                AdditionalProperties = new() { [SpeechProperties.SpokenText] = sentences[i].Text },
            };
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
        if (serviceType == typeof(TextToSpeechClientMetadata))
        {
            return metadata;
        }
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Refuses new requests; the model is freed when the last running request ends.</summary>
    public void Dispose() => gate.Dispose();

    private async Task<byte[]> SynthesizeAsync(long[] ids, PiperRequest request, int silence, CancellationToken cancellationToken)
    {
        using var slot = await gate.WaitForSlotAsync(cancellationToken);
        return await Task.Run(() => Run(ids, request, silence, cancellationToken), cancellationToken);
    }

    private byte[] Run(long[] ids, PiperRequest request, int silence, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        var names = new List<string> { InputName, InputLengthsName, ScalesName };
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var lengths = OrtValue.CreateTensorValueFromMemory(new long[] { ids.Length }, [1]);
        using var scales = OrtValue.CreateTensorValueFromMemory(new[] { config.NoiseScale, request.LengthScale, config.NoiseWidth }, [3]);
        using var speaker = OrtValue.CreateTensorValueFromMemory(new[] { request.Speaker }, [1]);
        var values = new List<OrtValue> { input, lengths, scales };
        if (takesSpeaker)
        {
            names.Add(SpeakerName);
            values.Add(speaker);
        }
        try
        {
            using var outputs = session.Run(runOptions, names, values, [outputName]);
            var audio = outputs[0].GetTensorDataAsSpan<float>();
            var pcm = new short[audio.Length + silence];
            for (var i = 0; i < audio.Length; i++)
            {
                pcm[i] = (short)(Math.Clamp(audio[i], -1f, 1f) * short.MaxValue);
            }
            return MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EngineFailedException($"Piper voice '{ModelId}' failed to synthesize a sentence: {e.Message}", e);
        }
    }

    private PiperRequest ResolveRequest(TextToSpeechOptions? options)
    {
        var speed = options?.Speed ?? 1f;
        if (!float.IsFinite(speed) || speed <= 0)
        {
            throw new InvalidRequestException($"speed must be a positive number, not {speed}.", "speed");
        }
        if (options?.AudioFormat is { } format && !format.StartsWith("audio/pcm", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"Piper produces {MediaType}; encode it to '{format}' afterwards.", "response_format");
        }
        if (options?.Language is { Length: > 0 } language && !SameLanguage(language, config.EspeakVoice))
        {
            throw new InvalidRequestException($"Piper voice '{ModelId}' speaks '{config.EspeakVoice}', not '{language}'.", "voice", "unknown_voice");
        }
        return new PiperRequest(config.LengthScale / speed, Speaker(options?.VoiceId));
    }

    private long Speaker(string? voiceId)
    {
        if (voiceId is null || voiceId.Equals(ModelId, StringComparison.OrdinalIgnoreCase)
            || voiceId.Equals(config.EspeakVoice, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        if (aliases.TryGetValue(voiceId, out var alias))
        {
            // An alias to a speaker number wraps around, so one list of server-wide voices fits voices of any size.
            return long.TryParse(alias, NumberStyles.None, CultureInfo.InvariantCulture, out var aliasNumber)
                ? aliasNumber % config.SpeakerCount
                : config.Speakers.TryGetValue(alias, out var aliasId) ? aliasId : throw UnknownVoice(voiceId);
        }
        if (config.Speakers.TryGetValue(voiceId, out var id))
        {
            return id;
        }
        if (long.TryParse(voiceId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < config.SpeakerCount)
        {
            return number;
        }
        throw UnknownVoice(voiceId);
    }

    private InvalidRequestException UnknownVoice(string voiceId)
    {
        var speakers = config.Speakers.Count > 0 ? string.Join(", ", Speakers) : $"0–{config.SpeakerCount - 1}";
        return new InvalidRequestException(
            $"Unknown voice '{voiceId}' for Piper voice '{ModelId}'. Use '{ModelId}' or one of its speakers: {speakers}.", "voice", "unknown_voice");
    }

    private static bool SameLanguage(string a, string b) =>
        a.Split('-', '_')[0].Equals(b.Split('-', '_')[0], StringComparison.OrdinalIgnoreCase);

    // A voice whose phonemizer voice is not installed would fail every request; it fails here, at startup, instead.
    private static void CheckPhonemizerVoice(IPhonemizer phonemizer, string voice, string configPath)
    {
        try
        {
            phonemizer.PhonemizeAsync("a", voice).GetAwaiter().GetResult();
        }
        catch (ArgumentException e)
        {
            throw new InvalidModelFileException(configPath, $"its espeak.voice '{voice}' cannot be used: {e.Message}", e);
        }
    }

    private static (string Output, bool TakesSpeaker) CheckGraph(InferenceSession session, string modelPath, PiperVoiceConfig config)
    {
        var inputs = session.InputMetadata;
        var missing = new[] { InputName, InputLengthsName, ScalesName }.Where(name => !inputs.ContainsKey(name)).ToList();
        if (config.SpeakerCount > 1 && !inputs.ContainsKey(SpeakerName))
        {
            missing.Add(SpeakerName);
        }
        if (missing.Count > 0)
        {
            throw new InvalidModelFileException(modelPath,
                $"it is not a Piper voice: it lacks the input{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (it has {string.Join(", ", inputs.Keys)}).");
        }
        if (session.OutputMetadata.Count == 0 || session.OutputMetadata.First().Value.ElementDataType != TensorElementType.Float)
        {
            throw new InvalidModelFileException(modelPath, "it is not a Piper voice: its first output is not float audio.");
        }
        return (session.OutputMetadata.First().Key, inputs.ContainsKey(SpeakerName));
    }

    private void FreeSession()
    {
        session.Dispose();
        sessionOptions.Dispose();
    }

    private readonly record struct PiperRequest(float LengthScale, long Speaker);
}
