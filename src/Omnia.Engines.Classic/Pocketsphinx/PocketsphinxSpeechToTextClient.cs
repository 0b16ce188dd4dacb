using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>English speech-to-text through Debian's pocketsphinx 0.8: offline, light, decoding while audio arrives.</summary>
/// <remarks>
/// <para>
/// Input is headerless signed 16-bit little-endian mono PCM at 16 kHz (<see cref="SampleRate"/>); containers such
/// as WAV must be decoded and resampled by the caller. Silence gives an empty transcript.
/// </para>
/// <para>
/// The decoding mode is chosen per request with <see cref="SpeechToTextOptions.AdditionalProperties"/>
/// <see cref="ModeKey"/> set to a <see cref="PocketsphinxMode"/> or its name ("accurate", "fast"); the default is
/// <see cref="PocketsphinxMode.Accurate"/>. <see cref="OpenStreamAsync"/> gives the incremental API the realtime
/// pipeline uses; the streaming call yields <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> updates without
/// contents whose <see cref="PartialTextKey"/> property holds the whole hypothesis so far (it may revise earlier
/// words, so it is not a delta), then one <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> update whose text
/// is the final transcript, so the updates combine into the final response.
/// </para>
/// <para>
/// Thread-safe: each utterance rents a warm decoder from a bounded pool per mode
/// (<see cref="PocketsphinxSpeechToTextClientOptions.MaxDecodersPerMode"/>); more concurrent utterances wait.
/// </para>
/// </remarks>
public sealed class PocketsphinxSpeechToTextClient : ISpeechToTextClient
{
    /// <summary>The only input rate pocketsphinx's en-us model accepts.</summary>
    public const int SampleRate = 16000;

    /// <summary>The model id reported in responses.</summary>
    public const string ModelId = "pocketsphinx-en-us";

    /// <summary>The <see cref="SpeechToTextOptions.AdditionalProperties"/> key selecting the <see cref="PocketsphinxMode"/>.</summary>
    public const string ModeKey = "pocketsphinx_mode";

    /// <summary>The update property key holding the partial hypothesis in streaming updates.</summary>
    public const string PartialTextKey = Omnia.Speech.SpeechProperties.PartialText;

    private const int ReadBufferBytes = 8192;

    private readonly PocketsphinxDecoderPool accuratePool;
    private readonly PocketsphinxDecoderPool fastPool;
    private readonly long maxSamples;
    private readonly SpeechToTextClientMetadata metadata = new("pocketsphinx", null, ModelId);

    /// <summary>Checks that pocketsphinx and its model are installed; decoders are created on first use.</summary>
    /// <exception cref="DebianPackageMissingException">A library or the en-us model is not installed.</exception>
    public PocketsphinxSpeechToTextClient(PocketsphinxSpeechToTextClientOptions? options = null)
    {
        options ??= new PocketsphinxSpeechToTextClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecodersPerMode, 1, nameof(options.MaxDecodersPerMode));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxUtteranceDuration, TimeSpan.Zero, nameof(options.MaxUtteranceDuration));
        NativeLibraryProbe.EnsureLoadable("pocketsphinx", PocketsphinxNative.SphinxbaseLibrary, PocketsphinxModelFiles.DebianPackages);
        NativeLibraryProbe.EnsureLoadable("pocketsphinx", PocketsphinxNative.PocketsphinxLibrary, PocketsphinxModelFiles.DebianPackages);
        var files = PocketsphinxModelFiles.FromDirectory(options.ModelDirectory);
        accuratePool = new PocketsphinxDecoderPool(files, PocketsphinxMode.Accurate, options.MaxDecodersPerMode);
        fastPool = new PocketsphinxDecoderPool(files, PocketsphinxMode.Fast, options.MaxDecodersPerMode);
        maxSamples = (long)(options.MaxUtteranceDuration.TotalSeconds * SampleRate);
    }

    /// <summary>Starts an utterance on a warm decoder, waiting for one when all are busy.</summary>
    public async Task<PocketsphinxStream> OpenStreamAsync(PocketsphinxMode mode = PocketsphinxMode.Accurate,
        CancellationToken cancellationToken = default)
    {
        var pool = PoolFor(mode);
        var decoder = await pool.RentAsync(cancellationToken);
        return new PocketsphinxStream(pool, decoder, maxSamples);
    }

    /// <summary>Creates a decoder of <paramref name="mode"/> now if none is warm, so the first request does not pay for it.</summary>
    public async Task WarmUpAsync(PocketsphinxMode mode = PocketsphinxMode.Accurate, CancellationToken cancellationToken = default)
    {
        using var stream = await OpenStreamAsync(mode, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var mode = ResolveMode(options);
        using var stream = await OpenStreamAsync(mode, cancellationToken);
        await foreach (var _ in DecodeAsync(audioSpeechStream, stream, cancellationToken))
        {
        }
        var text = stream.Finish();
        return new SpeechToTextResponse(text) { ModelId = ModelId, StartTime = TimeSpan.Zero, EndTime = stream.Duration };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var mode = ResolveMode(options);
        using var stream = await OpenStreamAsync(mode, cancellationToken);
        var reported = "";
        await foreach (var _ in DecodeAsync(audioSpeechStream, stream, cancellationToken))
        {
            var partial = stream.PartialText;
            if (partial != reported)
            {
                reported = partial;
                yield return new SpeechToTextResponseUpdate
                {
                    Kind = SpeechToTextResponseUpdateKind.TextUpdating,
                    ModelId = ModelId,
                    StartTime = TimeSpan.Zero,
                    EndTime = stream.Duration,
                    AdditionalProperties = new() { [PartialTextKey] = partial },
                };
            }
        }
        var text = stream.Finish();
        yield return new SpeechToTextResponseUpdate(text)
        {
            Kind = SpeechToTextResponseUpdateKind.TextUpdated,
            ModelId = ModelId,
            StartTime = TimeSpan.Zero,
            EndTime = stream.Duration,
        };
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

    /// <summary>Frees the idle decoders; rented ones are freed when their streams are disposed.</summary>
    public void Dispose()
    {
        accuratePool.Dispose();
        fastPool.Dispose();
    }

    // Feeds the stream block by block, yielding after each block so callers can report progress.
    private static async IAsyncEnumerable<int> DecodeAsync(Stream input, PocketsphinxStream stream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBufferBytes];
        var carried = 0;
        var first = true;
        int read;
        while ((read = await input.ReadAsync(buffer.AsMemory(carried), cancellationToken)) > 0)
        {
            var filled = carried + read;
            if (first && filled >= 4)
            {
                RejectContainer(buffer.AsSpan(0, 4));
                first = false;
            }
            var whole = filled & ~1;
            stream.Append(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, whole)));
            // An odd byte is the first half of a sample split across reads.
            carried = filled - whole;
            if (carried == 1)
            {
                buffer[0] = buffer[whole];
            }
            yield return whole / 2;
        }
    }

    private static void RejectContainer(ReadOnlySpan<byte> head)
    {
        string? container = head switch
        {
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F'] => "WAV (RIFF)",
            [(byte)'O', (byte)'g', (byte)'g', (byte)'S'] => "Ogg",
            [(byte)'f', (byte)'L', (byte)'a', (byte)'C'] => "FLAC",
            [(byte)'I', (byte)'D', (byte)'3', _] => "MP3 (ID3)",
            _ => null,
        };
        if (container is not null)
        {
            throw new ArgumentException(
                $"pocketsphinx reads raw 16-bit mono PCM at {SampleRate} Hz, but the audio is {container}; decode it first.");
        }
    }

    private PocketsphinxDecoderPool PoolFor(PocketsphinxMode mode) => mode switch
    {
        PocketsphinxMode.Accurate => accuratePool,
        PocketsphinxMode.Fast => fastPool,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown pocketsphinx mode."),
    };

    private static PocketsphinxMode ResolveMode(SpeechToTextOptions? options)
    {
        if (options?.SpeechSampleRate is { } rate && rate != SampleRate)
        {
            throw new ArgumentException($"pocketsphinx needs {SampleRate} Hz audio, not {rate} Hz; resample it first.", nameof(options));
        }
        if (options?.SpeechLanguage is { } language && !language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"pocketsphinx's model recognizes English only, not '{language}'.", nameof(options));
        }
        if (options?.AdditionalProperties?.TryGetValue(ModeKey, out var value) != true || value is null)
        {
            return PocketsphinxMode.Accurate;
        }
        return value switch
        {
            PocketsphinxMode mode when Enum.IsDefined(mode) => mode,
            string name when Enum.TryParse<PocketsphinxMode>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            _ => throw new ArgumentException(
                $"'{value}' is not a pocketsphinx mode; use '{nameof(PocketsphinxMode.Accurate)}' or '{nameof(PocketsphinxMode.Fast)}'.", nameof(options)),
        };
    }
}
