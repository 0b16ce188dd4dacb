using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Classic.Espeak;

/// <summary>Text-to-speech through Debian's libespeak-ng: every language espeak-ng has, offline, in milliseconds.</summary>
/// <remarks>
/// <para>
/// Audio comes back as <see cref="DataContent"/> with media type <c>audio/pcm;rate=22050;channels=1</c>
/// (see <see cref="MediaType"/>): headerless signed 16-bit little-endian mono samples at espeak-ng's native rate.
/// Converting to another rate or container is the caller's job; <see cref="TextToSpeechOptions.AudioFormat"/> may
/// only ask for PCM.
/// </para>
/// <para>
/// Voice: <see cref="TextToSpeechOptions.VoiceId"/>, else <see cref="TextToSpeechOptions.Language"/>, else the
/// default voice; each may be a language tag ("en-us", "fr"), a voice file ("gmw/en-US") or a voice name, with an
/// optional espeak-ng variant ("en-us+f3"). <see cref="TextToSpeechOptions.Speed"/> multiplies the normal 175 words
/// per minute (clamped to espeak-ng's 80–450 wpm), <see cref="TextToSpeechOptions.Pitch"/> multiplies the
/// normal pitch and <see cref="TextToSpeechOptions.Volume"/> scales 0–2 with 1 as normal.
/// </para>
/// <para>
/// Thread-safe: every call in the process goes through one synthesis thread (libespeak-ng is neither re-entrant nor
/// re-initialisable) fed by a bounded queue, one sentence per turn, so concurrent streams interleave. The streaming
/// call yields one update per sentence (long sentences per clause) as soon as it is synthesized, with the spoken
/// text under <see cref="SpokenTextKey"/>; cancellation stops synthesis mid-sentence.
/// </para>
/// </remarks>
public sealed class EspeakTextToSpeechClient : ITextToSpeechClient
{
    /// <summary>The model id reported in responses.</summary>
    public const string ModelId = "espeak-ng";

    /// <summary>The <see cref="TextToSpeechResponseUpdate.AdditionalProperties"/> key holding the text an update speaks.</summary>
    public const string SpokenTextKey = Omnia.Speech.SpeechProperties.SpokenText;

    private const int NormalWordsPerMinute = 175;
    private const int MinimumWordsPerMinute = 80;
    private const int MaximumWordsPerMinute = 450;
    private const int NormalPitch = 50;
    private const int NormalVolume = 100;
    private const int MaximumVoiceIdLength = 100;

    private readonly EspeakWorker worker;
    private readonly string defaultVoice;
    private readonly TextToSpeechClientMetadata metadata;

    /// <summary>Starts (once per process) espeak-ng.</summary>
    /// <param name="defaultVoice">The voice used when a request names neither a voice nor a language.</param>
    /// <exception cref="DebianPackageMissingException">libespeak-ng1 or espeak-ng-data is not installed.</exception>
    /// <exception cref="ArgumentException"><paramref name="defaultVoice"/> is not installed.</exception>
    public EspeakTextToSpeechClient(string defaultVoice = "en-us")
    {
        ValidateVoiceId(defaultVoice);
        worker = EspeakWorker.Shared;
        // A misconfigured default fails here, at startup, rather than on every request that relies on it.
        var voices = worker.ListVoicesAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (EspeakVoiceResolver.Resolve(defaultVoice, voices) is null)
        {
            throw new ArgumentException($"The default espeak-ng voice '{defaultVoice}' is not installed.", nameof(defaultVoice));
        }
        this.defaultVoice = defaultVoice;
        MediaType = $"audio/pcm;rate={worker.SampleRate};channels=1";
        metadata = new TextToSpeechClientMetadata("espeak-ng", null, ModelId);
    }

    /// <summary>The rate of the PCM this engine produces: 22050 Hz.</summary>
    public int SampleRate => worker.SampleRate;

    /// <summary>The media type of the audio this engine returns, e.g. <c>audio/pcm;rate=22050;channels=1</c>.</summary>
    public string MediaType { get; }

    /// <summary>Lists the installed voices; any of their languages, identifiers or names is a valid voice id.</summary>
    public Task<IReadOnlyList<EspeakVoice>> ListVoicesAsync(CancellationToken cancellationToken = default) =>
        worker.ListVoicesAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var settings = ResolveSettings(text, options);
        var pcm = new List<short>();
        foreach (var piece in SentenceSplitter.Split(text))
        {
            pcm.AddRange(await worker.SynthesizeAsync(piece, settings, cancellationToken));
        }
        return new TextToSpeechResponse([ToContent(CollectionsMarshal.AsSpan(pcm))]) { ModelId = ModelId };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text,
        TextToSpeechOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = ResolveSettings(text, options);
        var pieces = SentenceSplitter.Split(text);
        if (pieces.Count == 0)
        {
            yield break;
        }
        // The next sentence is synthesized while the caller consumes this one; leaving early cancels it.
        using var lookahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = worker.SynthesizeAsync(pieces[0], settings, lookahead.Token);
        try
        {
            for (var i = 0; i < pieces.Count; i++)
            {
                var pcm = await AwaitPiece(next, cancellationToken);
                if (i + 1 < pieces.Count)
                {
                    next = worker.SynthesizeAsync(pieces[i + 1], settings, lookahead.Token);
                }
                yield return new TextToSpeechResponseUpdate([ToContent(pcm)])
                {
                    Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                    ModelId = ModelId,
                    AdditionalProperties = new() { [SpokenTextKey] = pieces[i] },
                };
            }
        }
        finally
        {
            await lookahead.CancelAsync();
        }
    }

    // The look-ahead runs under a linked token; a caller who cancelled gets an exception naming their own token.
    private static async Task<short[]> AwaitPiece(Task<short[]> piece, CancellationToken cancellationToken)
    {
        try
        {
            return await piece;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
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

    /// <summary>Nothing to release: the synthesis thread lives as long as the process.</summary>
    public void Dispose()
    {
    }

    private DataContent ToContent(ReadOnlySpan<short> pcm) =>
        new(MemoryMarshal.AsBytes(pcm).ToArray(), MediaType);

    private EspeakSpeechSettings ResolveSettings(string text, TextToSpeechOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The text to speak is empty.", nameof(text));
        }
        var voice = options?.VoiceId ?? options?.Language ?? defaultVoice;
        ValidateVoiceId(voice);
        ValidateAudioFormat(options?.AudioFormat);
        return new EspeakSpeechSettings(
            voice,
            Math.Clamp(Scale(options?.Speed, NormalWordsPerMinute, "Speed"), MinimumWordsPerMinute, MaximumWordsPerMinute),
            Math.Clamp(Scale(options?.Pitch, NormalPitch, "Pitch"), 0, 100),
            Math.Clamp(Scale(options?.Volume, NormalVolume, "Volume", allowZero: true), 0, 2 * NormalVolume));
    }

    private static int Scale(float? multiplier, int normal, string name, bool allowZero = false)
    {
        if (multiplier is not { } value)
        {
            return normal;
        }
        if (!float.IsFinite(value) || value < 0 || (value == 0 && !allowZero))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a {(allowZero ? "non-negative" : "positive")} number.");
        }
        return (int)Math.Round(normal * value);
    }

    private static void ValidateVoiceId(string voice)
    {
        // Voice ids reach espeak-ng's file lookup, so paths out of espeak-ng-data are refused.
        if (string.IsNullOrWhiteSpace(voice) || voice.Length > MaximumVoiceIdLength || voice.Contains("..", StringComparison.Ordinal)
            || voice.StartsWith('/') || voice.Any(char.IsControl))
        {
            throw new ArgumentException($"'{voice}' is not a valid espeak-ng voice id: use a language tag such as 'en-us' or a voice name.", nameof(voice));
        }
    }

    private static void ValidateAudioFormat(string? format)
    {
        if (format is null || format.Equals("pcm", StringComparison.OrdinalIgnoreCase)
            || format.StartsWith("audio/pcm", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        throw new ArgumentException(
            $"espeak-ng produces 16-bit PCM only; '{format}' must be encoded by the caller from 'pcm'.", nameof(format));
    }
}
