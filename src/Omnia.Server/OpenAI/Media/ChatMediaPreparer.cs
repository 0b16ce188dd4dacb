using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Audio;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Speech;
using Omnia.Vision;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// Gets a chat request's images and audio ready for its model. A model that takes a medium natively gets it
/// normalized (images checked, scaled and re-encoded as PNG; audio decoded to 16 kHz mono WAV). A model that does
/// not gets the cascade: audio becomes its transcript from the best speech-to-text engine, an image becomes the
/// text read from it by OCR, and without OCR the request is refused with <c>model_has_no_vision</c>.
/// </summary>
public sealed class ChatMediaPreparer(
    MediaFetcher fetcher, ImageNormalizer images, AudioCodec codec, ModelRegistry registry, IOptions<OmniaServerOptions> options, IEnumerable<IImageTextReader> readers)
{
    public const string DetailKey = "detail";

    private readonly IImageTextReader? _reader = readers.FirstOrDefault();

    public async Task PrepareAsync(IList<ChatMessage> messages, ServedModel model, CancellationToken cancellationToken)
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
                        await ImageAsync(await fetcher.FetchAsync(uri.Uri, param, cancellationToken), Detail(uri), model, param, cancellationToken),
                    DataContent data when data.HasTopLevelMediaType("image") =>
                        await ImageAsync(data.Data, Detail(data), model, param, cancellationToken),
                    DataContent data when data.HasTopLevelMediaType("audio") =>
                        await AudioAsync(data, model, param, cancellationToken),
                    DataContent data => throw ApiException.BadRequest($"Unsupported media type '{data.MediaType}' in '{param}'.", param, "unsupported_media_type"),
                    var other => other,
                };
            }
        }
    }

    private async Task<AIContent> ImageAsync(ReadOnlyMemory<byte> bytes, string? detail, ServedModel model, string param, CancellationToken cancellationToken)
    {
        var image = await images.NormalizeAsync(bytes, detail, param, cancellationToken);
        if (model.InputModalities.Contains("image"))
            return new DataContent(image.Png, "image/png");
        if (_reader is null)
            throw ApiException.BadRequest(
                $"Model '{model.Id}' has no vision input, and no image reader (OCR) is installed to describe the image in '{param}'.",
                param, "model_has_no_vision");

        var text = (await _reader.ReadTextAsync(image.Png, cancellationToken)).Trim();
        return new TextContent(text.Length > 0 ? UntrustedImageText.Quote(text) : "[An image with no readable text]");
    }

    private async Task<AIContent> AudioAsync(DataContent data, ServedModel model, string param, CancellationToken cancellationToken)
    {
        PcmAudio audio;
        try
        {
            audio = await codec.DecodeAsync(new MemoryStream(data.Data.ToArray(), writable: false), SpeechProperties.InputSampleRate, 1, options.Value.AudioLimits, cancellationToken);
        }
        catch (InvalidAudioException e)
        {
            throw ApiException.BadRequest(e.Message, param, "invalid_audio");
        }

        if (model.InputModalities.Contains("audio"))
            return new DataContent(WavWriter.Encode(audio, WavSampleFormat.Pcm16), "audio/wav");

        var recognizer = registry.FindBest(ModelRole.SpeechToText)?.SpeechToTextClient
            ?? throw ApiException.BadRequest($"Model '{model.Id}' has no audio input, and no speech-to-text engine is available for '{param}'.", param, "model_has_no_audio");
        var pcm = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, pcm);
        var transcript = await recognizer.GetTextAsync(new MemoryStream(pcm, writable: false),
            new SpeechToTextOptions { SpeechSampleRate = SpeechProperties.InputSampleRate }, cancellationToken);
        return new TextContent(transcript.Text.Trim());
    }

    private static string? Detail(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(DetailKey, out var detail) == true ? detail as string : null;
}
