using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Omnia.Audio;

/// <summary>Decodes through an ffmpeg subprocess for <see cref="AudioCodec"/>: bytes in through stdin, f32le out through stdout.</summary>
internal static class FfmpegDecoder
{
    private const int PipeBufferBytes = 64 * 1024;

    public static async IAsyncEnumerable<PcmAudio> DecodeSpooledAsync(
        string ffmpegPath, ReadOnlyMemory<byte> head, Stream input, string detected, int sampleRate, int channels, AudioLimits limits, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-audio-{Guid.NewGuid():N}.{detected}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, PipeBufferBytes, FileOptions.Asynchronous))
            {
                await file.WriteAsync(head, cancellationToken);
                await input.CopyToAsync(file, cancellationToken);
            }

            await foreach (var chunk in DecodeAsync(ffmpegPath, path, ReadOnlyMemory<byte>.Empty, null, detected, sampleRate, channels, limits, cancellationToken))
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
    public static async IAsyncEnumerable<PcmAudio> DecodeAsync(
        string ffmpegPath,
        string inputName,
        ReadOnlyMemory<byte> head,
        Stream? input,
        string? detected,
        int sampleRate,
        int channels,
        AudioLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Untrusted input may be a playlist or another container that names further files or URLs; the protocol
        // whitelist keeps ffmpeg to the one input it was given (a spooled file is always MP4, read by the mov demuxer).
        string[] inputOptions = input is null ? ["-f", "mov", "-protocol_whitelist", "file"] : ["-protocol_whitelist", "pipe"];
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "level+info", .. inputOptions, "-i", inputName,
            "-map", "0:a:0", "-ac", FfmpegProcess.Argument(channels), "-ar", FfmpegProcess.Argument(sampleRate), "-f", "f32le", "pipe:1",
        ];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var ffmpeg = FfmpegProcess.Start(ffmpegPath, arguments, stop.Token);
        var feed = input is null ? ffmpeg.CloseInputAsync() : FeedBytesAsync(ffmpeg, head, input, stop.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(PipeBufferBytes);
        try
        {
            // ffmpeg describes its input before converting any of it, so what the container declares (a 3-hour
            // FLAC, a 2 GHz rate) is refused before it is decoded; what it does not declare is bounded as it decodes.
            await ffmpeg.InputDescribed.WaitAsync(stop.Token);
            if (ffmpeg.DeclaredSampleRate is { } declaredRate)
            {
                limits.EnsureSampleRate(declaredRate, detected ?? ffmpeg.DetectedInputFormat);
            }

            if (ffmpeg.DeclaredDuration is { } declaredDuration)
            {
                limits.EnsureDeclaredDuration(declaredDuration);
            }

            var frameBytes = sizeof(float) * channels;
            var usable = PipeBufferBytes - (PipeBufferBytes % frameBytes);
            var pending = 0;
            while (true)
            {
                var read = await ffmpeg.Output.ReadAtLeastAsync(buffer.AsMemory(pending, usable - pending), frameBytes - pending, throwOnEndOfStream: false, stop.Token);
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
            await ffmpeg.StopAsync(feed);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task FeedBytesAsync(FfmpegProcess ffmpeg, ReadOnlyMemory<byte> head, Stream input, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PipeBufferBytes);
        try
        {
            var chunk = head;
            do
            {
                if (!await ffmpeg.TryWriteInputAsync(chunk, cancellationToken))
                {
                    return;
                }

                var read = await input.ReadAsync(buffer.AsMemory(0, PipeBufferBytes), cancellationToken);
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
            await ffmpeg.CloseInputAsync();
            ArrayPool<byte>.Shared.Return(buffer);
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
}
