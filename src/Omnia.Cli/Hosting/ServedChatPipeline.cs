using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.MediaCascade;
using Omnia.Vision;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Builds the chat client a served model answers through, for chat completions and realtime alike: the media cascade
/// outermost (so the guardrails judge the transcript and the image's text), then the model's guardrails, then the engine.
/// </summary>
internal sealed class ServedChatPipeline(ChatGuardrails guardrails, ModelRegistry registry, IEnumerable<IImageTextReader> imageReaders)
{
    private readonly IImageTextReader? _imageReader = imageReaders.FirstOrDefault();

    public IChatClient Build(IChatClient engine, string modelId, IReadOnlyCollection<string> inputModalities) =>
        new ChatClientBuilder(guardrails.Apply(engine, modelId))
            .UseMediaCascade(new MediaCascadeOptions
            {
                ModelId = modelId,
                InputModalities = inputModalities,
                ImageReader = _imageReader,
                SpeechToText = () => registry.FindBest(ModelRole.SpeechToText)?.SpeechToTextClient,
            })
            .Build();
}
