using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

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
    private const int PipeBufferBytes = 64 * 1024;

    private readonly string _ffmpeg;

    /// <param name="ffmpegPath">The ffmpeg executable: a name looked up on PATH, or a full path.</param>
    public AudioCodec(string ffmpegPath = "ffmpeg")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        _ffmpeg = ffmpegPath;
    }

    /// <summary>Decodes a whole input to float PCM at <paramref name="sampleRate"/> with <paramref name="channels"/> channels.</summary>
    /// <exception cref="InvalidAudioException">The input is empty, corrupt or not audio; the message names the detected format.</exception>
    /// <exception cref="AudioTooLargeException">The input exceeds a limit in <paramref name="limits"/>.</exception>
    /// <exception cref="FfmpegNotFoundException">The input needs ffmpeg and it is not installed.</exception>
    public async Task<PcmAudio> DecodeAsync(
        Stream input, int sampleRate, int channels = 1, AudioLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var samples = new List<float>();
        await foreach (var chunk in DecodeStreamingAsync(input, sampleRate, channels, limits, cancellationToken))
        {
            samples.AddRange(chunk.Samples.Span);
        }

        return new PcmAudio(samples.ToArray(), sampleRate, channels);
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

        var limited = new LimitedReadStream(input, limits.MaxInputBytes);
        var head = new byte[AudioFormatSniffer.HeadLength];
        var headLength = await limited.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0)
        {
            throw new InvalidAudioException("The audio is empty (0 bytes).", detectedFormat: null);
        }

        var headBytes = head.AsMemory(0, headLength);
        var detected = AudioFormatSniffer.Detect(headBytes.Span);
        var source = IsWavThatReaderSupports(headBytes.Span)
            ? DecodeWavAsync(new HeadReplayStream(headBytes, limited), sampleRate, channels, cancellationToken)
            : detected is "mp4" or "m4a"
                ? DecodeSpooledAsync(headBytes, limited, detected, sampleRate, channels, cancellationToken)
                : DecodeWithFfmpegAsync("pipe:0", headBytes, limited, detected, sampleRate, channels, cancellationToken);

        var maxFrames = (long)Math.Min(limits.MaxDuration.TotalSeconds * sampleRate, long.MaxValue / 2);
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
                ? EncodePcmAsync(first, chunks, format, sampleRate ?? first.SampleRate)
                : EncodeWithFfmpegAsync(first, chunks, format, sampleRate, stop);
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

    /// <summary>True for RIFF/WAVE with a leading 'fmt ' chunk in an encoding <see cref="WavReader"/> decodes; others go to ffmpeg.</summary>
    private static bool IsWavThatReaderSupports(ReadOnlySpan<byte> head)
    {
        if (head.Length < 36 || AudioFormatSniffer.Detect(head) != "wav" || Encoding.ASCII.GetString(head.Slice(12, 4)) != "fmt ")
        {
            return false;
        }

        int tag = BinaryPrimitives.ReadUInt16LittleEndian(head[20..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(head[34..]);
        if (tag == 0xFFFE)
        {
            if (head.Length < 46)
            {
                return false;
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(head[44..]);
        }

        return (tag, bits) is (1, 8 or 16 or 24 or 32) or (3, 32 or 64) or (6 or 7, 8);
    }

    private static async IAsyncEnumerable<PcmAudio> DecodeWavAsync(
        Stream input, int sampleRate, int channels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await WavReader.OpenAsync(input, leaveOpen: true, cancellationToken);
        var format = reader.Format;
        var resampler = format.SampleRate == sampleRate ? null : new Resampler(format.SampleRate, sampleRate, channels);
        var buffer = new float[Math.Max(1, format.SampleRate / 10) * format.Channels];
        int frames;
        while ((frames = await reader.ReadFramesAsync(buffer, cancellationToken)) > 0)
        {
            var samples = ConvertChunk(buffer.AsSpan(0, frames * format.Channels), format.Channels, channels, resampler);
            if (samples.Length > 0)
            {
                yield return new PcmAudio(samples, sampleRate, channels);
            }
        }

        var tail = resampler?.Flush() ?? [];
        if (tail.Length > 0)
        {
            yield return new PcmAudio(tail, sampleRate, channels);
        }
    }

    /// <summary>Maps a chunk to the wanted channel count (mono mix, or a copy per channel) and then rate.</summary>
    private static float[] ConvertChunk(ReadOnlySpan<float> source, int sourceChannels, int channels, Resampler? resampler)
    {
        float[] mapped;
        if (sourceChannels == channels)
        {
            mapped = source.ToArray();
        }
        else
        {
            var mono = new float[source.Length / sourceChannels];
            PcmConverter.DownmixToMono(source, sourceChannels, mono);
            mapped = mono;
            if (channels > 1)
            {
                mapped = new float[mono.Length * channels];
                PcmConverter.MonoToInterleaved(mono, channels, mapped);
            }
        }

        return resampler is null ? mapped : resampler.Process(mapped);
    }

    private async IAsyncEnumerable<PcmAudio> DecodeSpooledAsync(
        ReadOnlyMemory<byte> head, Stream input, string detected, int sampleRate, int channels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-audio-{Guid.NewGuid():N}.{detected}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, PipeBufferBytes, FileOptions.Asynchronous))
            {
                await file.WriteAsync(head, cancellationToken);
                await input.CopyToAsync(file, cancellationToken);
            }

            await foreach (var chunk in DecodeWithFfmpegAsync(path, ReadOnlyMemory<byte>.Empty, null, detected, sampleRate, channels, cancellationToken))
            {
                yield return chunk;
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs ffmpeg on <paramref name="inputName"/> ("pipe:0", fed from <paramref name="head"/> then <paramref name="input"/>, or a file).</summary>
    private async IAsyncEnumerable<PcmAudio> DecodeWithFfmpegAsync(
        string inputName,
        ReadOnlyMemory<byte> head,
        Stream? input,
        string? detected,
        int sampleRate,
        int channels,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "level+info", "-i", inputName,
            "-map", "0:a:0", "-ac", Invariant(channels), "-ar", Invariant(sampleRate), "-f", "f32le", "pipe:1",
        ];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var ffmpeg = FfmpegProcess.Start(_ffmpeg, arguments, stop.Token);
        var feed = input is null ? CloseInputAsync(ffmpeg) : FeedBytesAsync(ffmpeg, head, input, stop.Token);
        try
        {
            var frameBytes = sizeof(float) * channels;
            var buffer = new byte[PipeBufferBytes - (PipeBufferBytes % frameBytes)];
            var pending = 0;
            while (true)
            {
                var read = await ffmpeg.Output.ReadAtLeastAsync(buffer.AsMemory(pending), frameBytes - pending, throwOnEndOfStream: false, stop.Token);
                if (read == 0)
                {
                    break;
                }

                var available = pending + read;
                var whole = available - (available % frameBytes);
                var samples = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)).ToArray();
                pending = available - whole;
                buffer.AsSpan(whole, pending).CopyTo(buffer);
                yield return new PcmAudio(samples, sampleRate, channels);
            }

            // The feed's own failure (the byte limit, a broken upload) explains an early end better than ffmpeg's exit code.
            await feed;
            cancellationToken.ThrowIfCancellationRequested();
            var exitCode = await ffmpeg.WaitForExitAsync();
            if (exitCode != 0)
            {
                throw DecodeFailure(ffmpeg, detected, exitCode);
            }
        }
        finally
        {
            await stop.CancelAsync();
            ffmpeg.Kill();
            await ObserveAsync(feed);
        }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodeWithFfmpegAsync(
        PcmAudio first, IAsyncEnumerator<PcmAudio> rest, EncodedAudioFormat format, int? sampleRate, CancellationTokenSource stop)
    {
        var (codec, muxer) = format switch
        {
            EncodedAudioFormat.Mp3 => ("libmp3lame", "mp3"),
            EncodedAudioFormat.Opus => ("libopus", "ogg"),
            EncodedAudioFormat.Aac => ("aac", "adts"),
            EncodedAudioFormat.Flac => ("flac", "flac"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an ffmpeg format."),
        };
        var arguments = new List<string>
        {
            "-hide_banner", "-nostats", "-loglevel", "level+info",
            "-f", "f32le", "-ar", Invariant(first.SampleRate), "-ac", Invariant(first.Channels), "-i", "pipe:0",
        };
        if (sampleRate is { } rate && format != EncodedAudioFormat.Opus)
        {
            arguments.AddRange(["-ar", Invariant(rate)]);
        }

        // Write each packet as soon as it is encoded, so the first audio reaches the listener early.
        arguments.AddRange(["-c:a", codec, "-flush_packets", "1", "-f", muxer, "pipe:1"]);

        await using var ffmpeg = FfmpegProcess.Start(_ffmpeg, arguments, stop.Token);
        var feed = FeedPcmAsync(ffmpeg, first, rest, stop.Token);
        try
        {
            var buffer = new byte[PipeBufferBytes];
            int read;
            while ((read = await ffmpeg.Output.ReadAsync(buffer, stop.Token)) > 0)
            {
                yield return buffer.AsSpan(0, read).ToArray();
            }

            await feed;
            stop.Token.ThrowIfCancellationRequested();
            var exitCode = await ffmpeg.WaitForExitAsync();
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg could not encode {format} (exit code {exitCode}): {ffmpeg.ErrorSummary()}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            ffmpeg.Kill();
            await ObserveAsync(feed);
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodePcmAsync(
        PcmAudio first, IAsyncEnumerator<PcmAudio> rest, EncodedAudioFormat format, int sampleRate)
    {
        var resampler = first.SampleRate == sampleRate ? null : new Resampler(first.SampleRate, sampleRate, first.Channels);
        if (format == EncodedAudioFormat.Wav)
        {
            var wavFormat = new WavFormat(sampleRate, first.Channels, WavSampleFormat.Pcm16);
            var header = new byte[WavWriter.HeaderLength(wavFormat)];
            WavWriter.WriteHeader(header, wavFormat, dataBytes: null);
            yield return header;
        }

        var chunk = first;
        do
        {
            EnsureSameShape(first, chunk);
            var bytes = ToPcm16Bytes(chunk.Samples.Span, resampler);
            if (bytes.Length > 0)
            {
                yield return bytes;
            }
        }
        while (await rest.MoveNextAsync() && (chunk = rest.Current) is not null);

        if (resampler is not null)
        {
            var tail = ToPcm16Bytes(resampler.Flush(), null);
            if (tail.Length > 0)
            {
                yield return tail;
            }
        }
    }

    private static byte[] ToPcm16Bytes(ReadOnlySpan<float> samples, Resampler? resampler)
    {
        var resampled = resampler is null ? samples : resampler.Process(samples);
        var bytes = new byte[resampled.Length * 2];
        PcmConverter.FloatToPcm16Bytes(resampled, bytes);
        return bytes;
    }

    private static async Task FeedBytesAsync(FfmpegProcess ffmpeg, ReadOnlyMemory<byte> head, Stream input, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new byte[PipeBufferBytes];
            var chunk = head;
            do
            {
                if (!await TryWriteAsync(ffmpeg.Input, chunk, cancellationToken))
                {
                    return;
                }

                var read = await input.ReadAsync(buffer, cancellationToken);
                chunk = buffer.AsMemory(0, read);
            }
            while (!chunk.IsEmpty);
        }
        catch
        {
            // An input failure (the byte limit, a dropped upload, cancellation) ends the decoder with it.
            ffmpeg.Kill();
            throw;
        }
        finally
        {
            await CloseInputAsync(ffmpeg);
        }
    }

    private static async Task FeedPcmAsync(FfmpegProcess ffmpeg, PcmAudio first, IAsyncEnumerator<PcmAudio> rest, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = first;
            do
            {
                EnsureSameShape(first, chunk);
                if (!await TryWriteAsync(ffmpeg.Input, MemoryMarshal.AsBytes(chunk.Samples.Span).ToArray(), cancellationToken))
                {
                    return;
                }
            }
            while (await rest.MoveNextAsync() && (chunk = rest.Current) is not null);
        }
        catch
        {
            ffmpeg.Kill();
            throw;
        }
        finally
        {
            await CloseInputAsync(ffmpeg);
        }
    }

    private static void EnsureSameShape(PcmAudio first, PcmAudio chunk)
    {
        if (chunk.SampleRate != first.SampleRate || chunk.Channels != first.Channels)
        {
            throw new ArgumentException(
                $"Every chunk must share the first chunk's {first.SampleRate} Hz × {first.Channels} channels; got {chunk.SampleRate} Hz × {chunk.Channels}.");
        }
    }

    /// <summary>Writes to ffmpeg's stdin; false when ffmpeg has stopped reading (it exited, and will say why).</summary>
    private static async Task<bool> TryWriteAsync(Stream stdin, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.WriteAsync(bytes, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task CloseInputAsync(FfmpegProcess ffmpeg)
    {
        try
        {
            await ffmpeg.Input.DisposeAsync();
        }
        catch (IOException)
        {
            // ffmpeg is gone; there is nothing left to close.
        }
    }

    /// <summary>Awaits a feed task on the way out, so it never runs on unobserved.</summary>
    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // On success the main path has already awaited it and rethrown; on failure or early exit the main
            // path's own exception (or the caller leaving) is the one that matters.
        }
    }

    private static InvalidAudioException DecodeFailure(FfmpegProcess ffmpeg, string? sniffed, int exitCode)
    {
        var detected = sniffed ?? ffmpeg.DetectedInputFormat;
        var reason = ffmpeg.ErrorSummary();
        if (reason.Contains("matches no streams", StringComparison.Ordinal))
        {
            return new InvalidAudioException($"The input (detected format: {detected ?? "unknown"}) contains no audio stream.", detected);
        }

        return new InvalidAudioException(
            $"The audio could not be decoded (detected format: {detected ?? "unknown, not a recognised audio container"}): "
            + (reason.Length > 0 ? reason : $"ffmpeg exited with code {exitCode}"),
            detected);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
