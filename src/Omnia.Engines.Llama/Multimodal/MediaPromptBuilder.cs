using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Checks a rendered prompt's images and audio on the request's thread: image headers (PNG or JPEG, bounded size)
/// and WAV decoding with resampling to the encoder's rate, so the decode loop only builds bitmaps from them.
/// </summary>
internal static class MediaPromptBuilder
{
    /// <summary>Largest image accepted, in pixels (4096²); the server scales images far below this.</summary>
    public const long MaxImagePixels = 4096L * 4096;

    /// <summary>Longest sound accepted; the context limits it further.</summary>
    public static readonly TimeSpan MaxAudioDuration = TimeSpan.FromMinutes(10);

    // LLamaSharp turns this legacy marker into the media marker too, so user text must not contain it either.
    private const string LegacyImageMarker = "<image>";

    public static async Task<MediaPrompt> BuildAsync(
        string text, IReadOnlyList<DataContent> parts, string marker, int? audioSampleRate, CancellationToken cancellationToken)
    {
        var markers = Occurrences(text.Replace(LegacyImageMarker, marker, StringComparison.Ordinal), marker);
        if (markers != parts.Count)
            throw new InvalidRequestException(
                $"The message text contains '{marker}' or '{LegacyImageMarker}', which stand for images and audio here; remove them from the text.", "messages");

        var inputs = new List<MediaInput>(parts.Count);
        foreach (var part in parts)
        {
            inputs.Add(part.HasTopLevelMediaType("image")
                ? Image(part)
                : await AudioAsync(part, audioSampleRate ?? throw new InvalidOperationException("Audio without an audio encoder."), cancellationToken));
        }
        return new MediaPrompt(text, inputs);
    }

    private static MediaInput Image(DataContent part)
    {
        var bytes = part.Data.ToArray();
        var size = ImageDimensions.Read(bytes)
            ?? throw new InvalidRequestException($"The image ({part.MediaType}, {bytes.Length} bytes) is not a readable PNG or JPEG.", "messages", "invalid_image");
        if ((long)size.Width * size.Height > MaxImagePixels)
            throw new InvalidRequestException(
                $"The image is {size.Width}×{size.Height} pixels; at most {MaxImagePixels:N0} pixels are accepted.", "messages", "image_too_large");
        return MediaInput.FromImage(bytes);
    }

    private static async Task<MediaInput> AudioAsync(DataContent part, int sampleRate, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await WavReader.OpenAsync(new MemoryStream(part.Data.ToArray(), writable: false), cancellationToken: cancellationToken);
            if (reader.FrameCount is { } frames && frames > MaxAudioDuration.TotalSeconds * reader.Format.SampleRate)
                throw new InvalidRequestException($"The audio is longer than {MaxAudioDuration.TotalMinutes:0} minutes.", "messages", "audio_too_long");
            var audio = (await reader.ReadToEndAsync(cancellationToken)).ToMono().Resample(sampleRate);
            if (audio.FrameCount == 0)
                throw new InvalidRequestException("The audio has no samples.", "messages", "invalid_audio");
            if (audio.Duration > MaxAudioDuration)
                throw new InvalidRequestException($"The audio is longer than {MaxAudioDuration.TotalMinutes:0} minutes.", "messages", "audio_too_long");
            return MediaInput.FromAudio(audio.Samples.ToArray());
        }
        catch (InvalidAudioException e)
        {
            throw new InvalidRequestException($"The audio ({part.MediaType}) could not be read as WAV: {e.Message}", "messages", "invalid_audio");
        }
    }

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + marker.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
