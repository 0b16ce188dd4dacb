using Microsoft.Extensions.AI;
using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>
/// A model the server answers for, under its public id. It starts <see cref="ServedModelState.Loading"/> and becomes
/// ready with a chat client or failed with the reason, so the server is up (and says why) whatever the model does.
/// </summary>
public sealed class ServedModel(string id, ModelRole role, TimeProvider? time = null)
{
    private volatile ServedModelState _state = ServedModelState.Loading;
    private volatile IReadOnlyList<string> _inputModalities = ["text"];

    public string Id { get; } = id;
    public ModelRole Role { get; } = role;
    public DateTimeOffset Created { get; } = (time ?? TimeProvider.System).GetUtcNow();
    public ServedModelState State => _state;
    public string? Error { get; private set; }
    public IChatClient? ChatClient { get; private set; }
    public ISpeechToTextClient? SpeechToTextClient { get; private set; }

    /// <summary>The recognizer for live speech (realtime): one that gives partial transcripts as the audio comes.</summary>
    public ISpeechToTextClient? LiveSpeechToTextClient { get; private set; }

    public ITextToSpeechClient? TextToSpeechClient { get; private set; }

    public IImageGenerator? ImageGenerator { get; private set; }

    /// <summary>For speech engines: the languages it takes or speaks, or voices it has; shown in <c>/v1/models</c>.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The store its file was found in (the models directory, another tool's); null when it has no file (an upstream, a system engine).</summary>
    public ModelOrigin? Origin { get; init; }

    /// <summary>Inputs the model takes natively (<c>text</c>, <c>image</c>, <c>audio</c>); known for sure once it is ready.</summary>
    public IReadOnlyList<string> InputModalities { get => _inputModalities; init => _inputModalities = value; }

    public void MarkReady(IChatClient client)
    {
        ChatClient = client;
        _state = ServedModelState.Ready;
    }

    /// <summary>Ready with what the loaded model turned out to take natively (a chat model with a projector takes media).</summary>
    public void MarkReady(IChatClient client, IReadOnlyList<string> inputModalities)
    {
        _inputModalities = inputModalities;
        MarkReady(client);
    }

    /// <param name="live">For live speech when the engine gives no partial transcripts itself: one that adds them.</param>
    public void MarkReady(ISpeechToTextClient client, ISpeechToTextClient? live = null)
    {
        SpeechToTextClient = client;
        LiveSpeechToTextClient = live ?? client;
        _state = ServedModelState.Ready;
    }

    public void MarkReady(ITextToSpeechClient client)
    {
        TextToSpeechClient = client;
        _state = ServedModelState.Ready;
    }

    public void MarkReady(IImageGenerator generator)
    {
        ImageGenerator = generator;
        _state = ServedModelState.Ready;
    }

    public void MarkFailed(string reason)
    {
        Error = reason;
        _state = ServedModelState.Failed;
    }
}
