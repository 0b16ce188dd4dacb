using System.Runtime.CompilerServices;

namespace Omnia.Audio;

/// <summary>Decodes any audio container to <see cref="PcmAudio"/>, and encodes PCM to the OpenAI speech formats, streaming both ways.</summary>
/// <remarks>
/// <para>
/// WAV input in the encodings <see cref="WavReader"/> supports, WAV output and raw PCM output are handled in-process.
/// Everything else (mp3, ogg/opus/vorbis, flac, aac, m4a/mp4, webm, …) runs through one ffmpeg subprocess per call,
/// fed through stdin and read from stdout as it goes, so an upload is never held in memory. MP4-family inputs (m4a)
/// keep their index at the end, which a pipe cannot seek to, so they are spooled to a temporary file (bounded by the
/// byte limit and deleted afterwards).
/// </para>
/// <para>
/// Cancelling, or abandoning an enumeration early, kills the subprocess and waits for it, so none is left behind.
/// Thread-safe: calls are independent.
/// </para>
/// </remarks>
public sealed class AudioCodec
{
    private readonly string _ffmpeg;

    /// <param name="ffmpegPath">The ffmpeg executable: a name looked up on PATH, or a full path.</param>
    public AudioCodec(string ffmpegPath = "ffmpeg")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        _ffmpeg = ffmpegPath;
    }

    /// <summary>Decodes a whole input to float PCM at <paramref name="sampleRate"/> with <paramref name="channels"/> channels.</summary>
    /// <remarks>The result's buffer grows with the audio and never beyond what <paramref name="limits"/> allow.</remarks>
    /// <exception cref="InvalidAudioException">The input is empty, corrupt or not audio, or declares a sample rate out of
    /// <paramref name="limits"/>' range; the message names the detected format.</exception>
    /// <exception cref="AudioTooLargeException">The input exceeds a limit in <paramref name="limits"/>.</exception>
    /// <exception cref="FfmpegNotFoundException">The input needs ffmpeg and it is not installed.</exception>
    public async Task<PcmAudio> DecodeAsync(
        Stream input, int sampleRate, int channels = 1, AudioLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var maxSamples = MaxFrames(limits ?? AudioLimits.Default, sampleRate, channels) * channels;
        var samples = Array.Empty<float>();
        var count = 0;
        await foreach (var chunk in DecodeStreamingAsync(input, sampleRate, channels, limits, cancellationToken))
        {
            // The streaming decoder stops before the limit is passed, so doubling up to the cap always fits.
            if (count + chunk.Samples.Length > samples.Length)
            {
                var grown = new float[Math.Min(Math.Max((long)samples.Length * 2, count + chunk.Samples.Length), maxSamples)];
                samples.AsSpan(0, count).CopyTo(grown);
                samples = grown;
            }

            chunk.Samples.Span.CopyTo(samples.AsSpan(count));
            count += chunk.Samples.Length;
        }

        return new PcmAudio(samples.AsMemory(0, count), sampleRate, channels);
    }

    /// <summary>Decodes an input chunk by chunk, as it is read; see <see cref="DecodeAsync"/> for the errors.</summary>
    public async IAsyncEnumerable<PcmAudio> DecodeStreamingAsync(
        Stream input,
        int sampleRate,
        int channels = 1,
        AudioLimits? limits = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        limits ??= AudioLimits.Default;
        limits.Validate();

        var limited = new LimitedReadStream(input, limits.MaxInputBytes);
        var head = new byte[AudioFormatSniffer.HeadLength];
        var headLength = await limited.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0)
        {
            throw new InvalidAudioException("The audio is empty (0 bytes).", detectedFormat: null);
        }

        var headBytes = head.AsMemory(0, headLength);
        var detected = AudioFormatSniffer.Detect(headBytes.Span);
        if (WavStreamDecoder.DeclaredSampleRate(headBytes.Span) is { } declaredRate)
        {
            // Refused here as well as by each decoder, so that no rate out of range reaches ffmpeg either.
            limits.EnsureSampleRate(declaredRate, detected);
        }

        var source = WavStreamDecoder.CanDecode(headBytes.Span, sampleRate)
            ? WavStreamDecoder.DecodeAsync(new HeadReplayStream(headBytes, limited), sampleRate, channels, limits, cancellationToken)
            : detected is "mp4" or "m4a"
                ? FfmpegDecoder.DecodeSpooledAsync(_ffmpeg, headBytes, limited, detected, sampleRate, channels, limits, cancellationToken)
                : FfmpegDecoder.DecodeAsync(_ffmpeg, "pipe:0", headBytes, limited, detected, sampleRate, channels, limits, cancellationToken);

        var maxFrames = MaxFrames(limits, sampleRate, channels);
        long frames = 0;
        await foreach (var chunk in source)
        {
            frames += chunk.FrameCount;
            if (frames > maxFrames)
            {
                throw new AudioTooLargeException($"The audio is longer than the limit of {limits.MaxDuration.TotalSeconds:0.###} seconds.");
            }

            yield return chunk;
        }
    }

    /// <summary>The most frames <paramref name="limits"/> let a decode at <paramref name="sampleRate"/> produce (and one array hold).</summary>
    private static long MaxFrames(AudioLimits limits, int sampleRate, int channels) =>
        (long)Math.Min(limits.MaxDuration.TotalSeconds * sampleRate, Array.MaxLength / channels);

    /// <summary>Encodes PCM chunks as they arrive and yields the encoded bytes as soon as the encoder emits them.</summary>
    /// <param name="audio">Chunks that all share one sample rate and channel count.</param>
    /// <param name="format">The output format.</param>
    /// <param name="sampleRate">The output sample rate; null keeps the input's (Opus is always 48 kHz).</param>
    /// <param name="cancellationToken">Cancels the encoding and kills the encoder.</param>
    /// <exception cref="FfmpegNotFoundException">The format needs ffmpeg and it is not installed.</exception>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodeStreamingAsync(
        IAsyncEnumerable<PcmAudio> audio,
        EncodedAudioFormat format,
        int? sampleRate = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (sampleRate is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = audio.GetAsyncEnumerator(stop.Token);
        try
        {
            // The first chunk fixes the input's rate and channel count; an empty stream encodes as empty 24 kHz mono.
            var first = await chunks.MoveNextAsync() ? chunks.Current : new PcmAudio(ReadOnlyMemory<float>.Empty, sampleRate ?? 24000);
            var encoded = format is EncodedAudioFormat.Pcm or EncodedAudioFormat.Wav
                ? PcmStreamEncoder.EncodeAsync(first, chunks, format, sampleRate ?? first.SampleRate)
                : FfmpegEncoder.EncodeAsync(_ffmpeg, first, chunks, format, sampleRate, stop);
            await foreach (var bytes in encoded.WithCancellation(stop.Token))
            {
                yield return bytes;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await chunks.DisposeAsync();
        }
    }

    /// <summary>Encodes PCM chunks into <paramref name="destination"/>; see <see cref="EncodeStreamingAsync"/>.</summary>
    public async Task EncodeAsync(
        IAsyncEnumerable<PcmAudio> audio,
        EncodedAudioFormat format,
        Stream destination,
        int? sampleRate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await foreach (var bytes in EncodeStreamingAsync(audio, format, sampleRate, cancellationToken))
        {
            await destination.WriteAsync(bytes, cancellationToken);
        }

        await destination.FlushAsync(cancellationToken);
    }
}
