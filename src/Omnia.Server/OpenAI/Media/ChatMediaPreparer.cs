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

    private async Task<AIContent> ImageAsync(ReadOnlyMemory<byte> bytes, string? detail, string param, CancellationToken cancellationToken)
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
