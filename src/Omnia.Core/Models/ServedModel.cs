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

    public string Id { get; } = id;
    public ModelRole Role { get; } = role;
    public DateTimeOffset Created { get; } = (time ?? TimeProvider.System).GetUtcNow();
    public ServedModelState State => _state;
    public string? Error { get; private set; }
    public IChatClient? ChatClient { get; private set; }

    /// <summary>Inputs the model takes natively (the omni-chat work adds image and audio).</summary>
    public IReadOnlyList<string> InputModalities { get; init; } = ["text"];

    public void MarkReady(IChatClient client)
    {
        ChatClient = client;
        _state = ServedModelState.Ready;
    }

    public void MarkFailed(string reason)
    {
        Error = reason;
        _state = ServedModelState.Failed;
    }
}
