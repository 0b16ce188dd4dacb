using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Audio;
using Omnia.Server.Errors;
using Omnia.Speech;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// Gets a chat request's images and audio ready at the HTTP edge: image URLs fetched, images checked, scaled and
/// re-encoded as PNG, audio decoded to 16 kHz mono WAV; a medium that is bad or unsupported is a 400 naming its part.
/// What the model then takes natively and what becomes text is the media cascade's job, in the model's chat client
/// (<see cref="MediaCascade.MediaCascadeChatClient"/>).
/// </summary>
public sealed class ChatMediaPreparer(MediaFetcher fetcher, ImageNormalizer images, AudioCodec codec, IOptions<OmniaServerOptions> options)
{
    public const string DetailKey = "detail";

    public async Task PrepareAsync(IList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        for (var m = 0; m < messages.Count; m++)
        {
            var contents = messages[m].Contents;
            for (var c = 0; c < contents.Count; c++)
            {
                var param = $"messages[{m}].content[{c}]";
                contents[c] = contents[c] switch
                {
                    UriContent uri when uri.HasTopLevelMediaType("image") =>
                        await ImageAsync(await fetcher.FetchAsync(uri.Uri, param, cancellationToken), Detail(uri), param, cancellationToken),
                    DataContent data when data.HasTopLevelMediaType("image") =>
                        await ImageAsync(data.Data, Detail(data), param, cancellationToken),
                    DataContent data when data.HasTopLevelMediaType("audio") =>
                        await AudioAsync(data, param, cancellationToken),
                    DataContent data => throw ApiException.BadRequest($"Unsupported media type '{data.MediaType}' in '{param}'.", param, "unsupported_media_type"),
                    var other => other,
                };
            }
        }
    }

    /// <summary>
    /// One image named by a data URL or an http(s) URL (fetched under the address policy), checked, scaled and
    /// re-encoded as PNG, for the APIs whose image parts are a bare URL (the Realtime API's <c>input_image</c>).
    /// </summary>
    public async Task<DataContent> ImageFromUrlAsync(string url, string? detail, string param, CancellationToken cancellationToken)
    {
        if (detail is not (null or "auto" or "low" or "high"))
            throw ApiException.BadRequest($"Invalid value for 'detail': {Echo.Quote(detail)}. Supported: auto, low, high.", param, "invalid_value");
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            DataContent data;
            try
            {
                data = new DataContent(url);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw ApiException.BadRequest($"'{param}' is not a valid data URL: {e.Message}", param, "invalid_image_url");
            }
            if (!data.HasTopLevelMediaType("image"))
                throw ApiException.BadRequest($"Unsupported media type '{data.MediaType}' in '{param}': send an image.", param, "unsupported_media_type");
            return await ImageAsync(data.Data, detail, param, cancellationToken);
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return await ImageAsync(await fetcher.FetchAsync(uri, param, cancellationToken), detail, param, cancellationToken);
        throw ApiException.BadRequest($"'{param}' must be an http(s) URL or a data URL.", param, "invalid_image_url");
    }

    private async Task<DataContent> ImageAsync(ReadOnlyMemory<byte> bytes, string? detail, string param, CancellationToken cancellationToken)
    {
        var image = await images.NormalizeAsync(bytes, detail, param, cancellationToken);
        return new DataContent(image.Png, "image/png");
    }

    private async Task<AIContent> AudioAsync(DataContent data, string param, CancellationToken cancellationToken)
    {
        try
        {
            var audio = await codec.DecodeAsync(new MemoryStream(data.Data.ToArray(), writable: false), SpeechProperties.InputSampleRate, 1, options.Value.AudioLimits, cancellationToken);
            return new DataContent(WavWriter.Encode(audio, WavSampleFormat.Pcm16), "audio/wav");
        }
        catch (InvalidAudioException e)
        {
            throw ApiException.BadRequest(e.Message, param, "invalid_audio");
        }
    }

    private static string? Detail(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(DetailKey, out var detail) == true ? detail as string : null;
}
