using System.Buffers.Binary;
using Omnia.Audio;
using Omnia.Speech;

namespace Omnia.Engines.Whisper;

/// <summary>Reads the speech-to-text input contract — headerless s16le mono at 16 kHz — into the floats Whisper takes.</summary>
internal static class PcmInput
{
    private const int ReadBufferBytes = 64 * 1024;

    /// <exception cref="InvalidAudioException">The input is a container (WAV, Ogg, …), not raw PCM.</exception>
    /// <exception cref="AudioTooLargeException">The input is longer than <paramref name="maxDuration"/>.</exception>
    public static async Task<float[]> ReadAsync(Stream input, TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        var maxSamples = (long)(maxDuration.TotalSeconds * SpeechProperties.InputSampleRate);
        // A seekable input (the server hands over a MemoryStream) says its size, so the list grows once.
        var samples = new List<float>(input.CanSeek ? (int)Math.Clamp((input.Length - input.Position) / 2, 0, maxSamples + 1) : 0);
        var buffer = new byte[ReadBufferBytes];
        var carried = 0;
        var first = true;
        int read;
        while ((read = await input.ReadAsync(buffer.AsMemory(carried), cancellationToken)) > 0)
        {
            var filled = carried + read;
            if (first && filled >= 4)
            {
                RejectContainer(buffer.AsSpan(0, filled));
                first = false;
            }
            var whole = filled & ~1;
            if (samples.Count + whole / 2 > maxSamples)
            {
                throw new AudioTooLargeException($"The audio is longer than Whisper's limit of {maxDuration.TotalMinutes:0.#} minutes.");
            }
            for (var i = 0; i < whole; i += 2)
            {
                samples.Add(BinaryPrimitives.ReadInt16LittleEndian(buffer.AsSpan(i)) / 32768f);
            }
            // An odd byte is the first half of a sample split across reads.
            carried = filled - whole;
            if (carried == 1)
            {
                buffer[0] = buffer[whole];
            }
        }
        return [.. samples];
    }

    private static void RejectContainer(ReadOnlySpan<byte> head)
    {
        string? container = head switch
        {
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', ..] => "WAV (RIFF)",
            [(byte)'O', (byte)'g', (byte)'g', (byte)'S', ..] => "Ogg",
            [(byte)'f', (byte)'L', (byte)'a', (byte)'C', ..] => "FLAC",
            [(byte)'I', (byte)'D', (byte)'3', ..] => "MP3 (ID3)",
            _ => null,
        };
        if (container is not null)
        {
            throw new InvalidAudioException(
                $"Whisper reads raw 16-bit mono PCM at {SpeechProperties.InputSampleRate} Hz, but the audio is {container}; decode it first.",
                container);
        }
    }
}
