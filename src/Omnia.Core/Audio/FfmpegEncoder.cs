using System.Runtime.InteropServices;

namespace Omnia.Audio;

/// <summary>Encodes through an ffmpeg subprocess for <see cref="AudioCodec"/>: f32le in through stdin, the container out through stdout.</summary>
internal static class FfmpegEncoder
{
    private const int PipeBufferBytes = 64 * 1024;

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodeAsync(
        string ffmpegPath, PcmAudio first, IAsyncEnumerator<PcmAudio> rest, EncodedAudioFormat format, int? sampleRate, CancellationTokenSource stop)
    {
        var (codec, muxer) = format switch
        {
            EncodedAudioFormat.Mp3 => ("libmp3lame", "mp3"),
            EncodedAudioFormat.Opus => ("libopus", "ogg"),
            EncodedAudioFormat.Aac => ("aac", "adts"),
            EncodedAudioFormat.Flac => ("flac", "flac"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an ffmpeg format."),
        };
        // The input is raw and fully described, so nothing needs probing; without these ffmpeg reads ~5 s of input
        // (or all of it) before it encodes anything.
        var arguments = new List<string>
        {
            "-hide_banner", "-nostats", "-loglevel", "level+info", "-probesize", "32", "-analyzeduration", "0",
            "-f", "f32le", "-ar", FfmpegProcess.Argument(first.SampleRate), "-ac", FfmpegProcess.Argument(first.Channels), "-i", "pipe:0",
        };
        if (sampleRate is { } rate && format != EncodedAudioFormat.Opus)
        {
            arguments.AddRange(["-ar", FfmpegProcess.Argument(rate)]);
        }

        // Write each packet as soon as it is encoded (Ogg pages every 20 ms rather than every second), so the
        // first audio reaches the listener while the rest is still being synthesized.
        arguments.AddRange(["-c:a", codec, "-flush_packets", "1"]);
        if (format == EncodedAudioFormat.Opus)
        {
            arguments.AddRange(["-page_duration", "20000"]);
        }

        arguments.AddRange(["-f", muxer, "pipe:1"]);

        await using var ffmpeg = FfmpegProcess.Start(ffmpegPath, arguments, stop.Token);
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
            await ffmpeg.StopAsync(feed);
        }
    }

    private static async Task FeedPcmAsync(FfmpegProcess ffmpeg, PcmAudio first, IAsyncEnumerator<PcmAudio> rest, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in PcmStreamEncoder.Concat(first, rest))
            {
                if (!await ffmpeg.TryWriteInputAsync(MemoryMarshal.AsBytes(chunk.Samples.Span).ToArray(), cancellationToken))
                {
                    return;
                }
            }
        }
        catch
        {
            ffmpeg.Kill();
            throw;
        }
        finally
        {
            await ffmpeg.CloseInputAsync();
        }
    }
}
