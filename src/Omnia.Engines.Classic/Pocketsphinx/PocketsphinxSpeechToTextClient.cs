using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Omnia.Models;

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
/// <see cref="PocketsphinxMode.Accurate"/>. <see cref="OpenStreamAsync"/> gives the incremental API for one utterance.
/// </para>
/// <para>
/// Audio of any length is recognised segment by segment: pocketsphinx's search grows with an utterance, so each
/// segment is one utterance of at most <see cref="PocketsphinxSpeechToTextClientOptions.MaxSegmentDuration"/>, cut at
/// the quietest moment of its last seconds (<see cref="QuietCutSegmenter"/>). The streaming call yields, per segment,
/// <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> updates without contents whose <see cref="PartialTextKey"/>
/// property holds the segment's hypothesis so far (it may revise earlier words, so it is not a delta), one after
/// every block of audio decoded, changed or not, its end time saying how far the decoder has heard (a listener
/// deciding whether the user is done needs to know that the words cover the pause), then one
/// <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> update with the segment's final text and its start and
/// end times, so the updates combine into the final response.
/// </para>
/// <para>
/// Thread-safe: each utterance rents a warm decoder from a bounded pool per mode
/// (<see cref="PocketsphinxSpeechToTextClientOptions.MaxDecodersPerMode"/>); more concurrent utterances wait.
/// <see cref="TrimIdle"/> frees the idle decoders beyond one of the default mode, which stays warm.
/// </para>
/// </remarks>
public sealed class PocketsphinxSpeechToTextClient : ISpeechToTextClient, ITrimmableEngine
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
    // How far before a segment's maximum length its cut may fall: room for a pause between sentences.
    private const int SegmentSearchSamples = 5 * SampleRate;

    private readonly long maxSamples;
    private readonly int maxSegmentSamples;
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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSegmentDuration, TimeSpan.FromSeconds(1), nameof(options.MaxSegmentDuration));
        maxSamples = (long)(options.MaxUtteranceDuration.TotalSeconds * SampleRate);
        maxSegmentSamples = (int)Math.Min(maxSamples, (long)(options.MaxSegmentDuration.TotalSeconds * SampleRate));
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
        var texts = new List<string>();
        var end = TimeSpan.Zero;
        await foreach (var update in RecognizeAsync(audioSpeechStream, mode, partials: false, cancellationToken))
        {
            if (update.Text.Trim() is { Length: > 0 } text)
            {
                texts.Add(text);
            }
            end = update.EndTime ?? end;
        }
        return new SpeechToTextResponse(string.Join(' ', texts)) { ModelId = ModelId, StartTime = TimeSpan.Zero, EndTime = end };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream,
        SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var mode = ResolveMode(options);
        await foreach (var update in RecognizeAsync(audioSpeechStream, mode, partials: true, cancellationToken))
        {
            yield return update;
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

    /// <summary>Frees the idle decoders beyond one of the default mode (<see cref="PocketsphinxMode.Accurate"/>), which
    /// stays warm so the next request does not pay for creating it; rented decoders are not touched.</summary>
    public void TrimIdle()
    {
        accuratePool.TrimIdle(keep: 1);
        fastPool.TrimIdle(keep: 0);
    }

    /// <summary>Frees the idle decoders; rented ones are freed when their streams are disposed.</summary>
    public void Dispose()
    {
        accuratePool.Dispose();
        fastPool.Dispose();
    }

    // Recognises the input segment by segment (each one utterance, cut at a quiet point), so audio of any length
    // is bounded per utterance; yields the partial hypotheses of the current segment and each segment's final text.
    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RecognizeAsync(Stream input, PocketsphinxMode mode, bool partials,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var segmenter = new QuietCutSegmenter(maxSegmentSamples, SegmentSearchSamples);
        PocketsphinxStream? stream = null;
        var segmentStart = 0L;
        var fed = 0L;
        var finished = false;
        try
        {
            await foreach (var block in ReadSamplesAsync(input, cancellationToken))
            {
                var steps = block.IsEmpty ? segmenter.Finish() : segmenter.Append(block.Span);
                foreach (var step in steps)
                {
                    stream ??= await OpenStreamAsync(mode, cancellationToken);
                    stream.Append(step.Samples.Span);
                    fed += step.Samples.Length;
                    if (step.EndsSegment)
                    {
                        var text = stream.Finish();
                        stream.Dispose();
                        stream = null;
                        finished = true;
                        yield return Update(SpeechToTextResponseUpdateKind.TextUpdated, text, segmentStart, fed);
                        segmentStart = fed;
                    }
                    else if (partials && stream.PartialText is var partial)
                    {
                        var update = Update(SpeechToTextResponseUpdateKind.TextUpdating, "", segmentStart, fed);
                        update.AdditionalProperties = new() { [PartialTextKey] = partial };
                        yield return update;
                    }
                }
            }

            if (!finished)
            {
                // No audio at all: one empty final update, as for silence.
                yield return Update(SpeechToTextResponseUpdateKind.TextUpdated, "", 0, 0);
            }
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private static SpeechToTextResponseUpdate Update(SpeechToTextResponseUpdateKind kind, string text, long startSample, long endSample) =>
        new(text)
        {
            Kind = kind,
            ModelId = ModelId,
            StartTime = TimeSpan.FromSeconds(startSample / (double)SampleRate),
            EndTime = TimeSpan.FromSeconds(endSample / (double)SampleRate),
        };

    // Reads the raw PCM block by block; an empty block marks the end of the input.
    private static async IAsyncEnumerable<ReadOnlyMemory<short>> ReadSamplesAsync(Stream input,
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
            yield return MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, whole)).ToArray();
            // An odd byte is the first half of a sample split across reads.
            carried = filled - whole;
            if (carried == 1)
            {
                buffer[0] = buffer[whole];
            }
        }
        yield return ReadOnlyMemory<short>.Empty;
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

    /// <summary>How many decoders of <paramref name="mode"/> wait warm in the pool.</summary>
    internal int IdleDecoders(PocketsphinxMode mode) => PoolFor(mode).IdleCount;

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
