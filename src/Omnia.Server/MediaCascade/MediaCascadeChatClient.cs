using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Errors;
using Omnia.Speech;
using Omnia.Vision;

namespace Omnia.Server.MediaCascade;

/// <summary>
/// The media cascade: for a model that lacks a medium, each image becomes the text OCR reads in it and each audio
/// clip its transcript, before the request reaches the model; a medium the model takes passes through untouched.
/// </summary>
/// <remarks>
/// Media arrive normalized (images as PNG, audio as 16 kHz mono WAV) from the edge that fetched and checked them.
/// The caller's messages are never changed: a request that needs the cascade is sent as copies. A medium that
/// cannot be turned into text is an <see cref="InvalidRequestException"/> naming its part
/// (<c>messages[m].content[c]</c>), thrown before the model is asked. Safe for concurrent requests.
/// </remarks>
internal sealed class MediaCascadeChatClient(IChatClient innerClient, MediaCascadeOptions options) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await base.GetResponseAsync(await CascadeAsync(messages, cancellationToken), options, cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cascaded = await CascadeAsync(messages, cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(cascaded, options, cancellationToken))
            yield return update;
    }

    /// <summary>The messages with every medium the model lacks replaced by its text; the same list when there is none.</summary>
    private async Task<IEnumerable<ChatMessage>> CascadeAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        List<ChatMessage>? cascaded = null;
        for (var m = 0; m < list.Count; m++)
        {
            List<AIContent>? contents = null;
            for (var c = 0; c < list[m].Contents.Count; c++)
            {
                var text = await TextForAsync(list[m].Contents[c], $"messages[{m}].content[{c}]", cancellationToken);
                if (text is null) continue;
                contents ??= [.. list[m].Contents];
                contents[c] = text;
            }
            if (contents is null) continue;
            cascaded ??= [.. list];
            var copy = list[m].Clone();
            copy.Contents = contents;
            cascaded[m] = copy;
        }
        return cascaded ?? list;
    }

    private Task<TextContent?> TextForAsync(AIContent content, string param, CancellationToken cancellationToken) => content switch
    {
        DataContent image when !options.TakesImages && image.HasTopLevelMediaType("image") => ImageTextAsync(image, param, cancellationToken),
        DataContent audio when !options.TakesAudio && audio.HasTopLevelMediaType("audio") => TranscriptAsync(audio, param, cancellationToken),
        _ => Task.FromResult<TextContent?>(null),
    };

    private async Task<TextContent?> ImageTextAsync(DataContent image, string param, CancellationToken cancellationToken)
    {
        var reader = options.ImageReader ?? throw new InvalidRequestException(
            $"Model '{options.ModelId}' has no vision input, and no image reader (OCR) is installed to describe the image in '{param}'.",
            param, "model_has_no_vision");
        var text = (await reader.ReadTextAsync(image.Data, cancellationToken)).Trim();
        return new TextContent(text.Length > 0 ? UntrustedImageText.Quote(text) : "[An image with no readable text]");
    }

    private async Task<TextContent?> TranscriptAsync(DataContent clip, string param, CancellationToken cancellationToken)
    {
        var recognizer = options.SpeechToText() ?? throw new InvalidRequestException(
            $"Model '{options.ModelId}' has no audio input, and no speech-to-text engine is available for '{param}'.", param, "model_has_no_audio");
        PcmAudio audio;
        try
        {
            audio = await WavReader.ReadAsync(new MemoryStream(clip.Data.ToArray(), writable: false), cancellationToken);
        }
        catch (InvalidAudioException e)
        {
            throw new InvalidRequestException(e.Message, param, "invalid_audio");
        }
        audio = audio.ToMono().Resample(SpeechProperties.InputSampleRate);
        var pcm = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, pcm);
        var transcript = await recognizer.GetTextAsync(new MemoryStream(pcm, writable: false),
            new SpeechToTextOptions { SpeechSampleRate = SpeechProperties.InputSampleRate }, cancellationToken);
        return new TextContent(transcript.Text.Trim());
    }
}
