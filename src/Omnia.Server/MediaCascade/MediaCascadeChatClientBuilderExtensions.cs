using Microsoft.Extensions.AI;

namespace Omnia.Server.MediaCascade;

/// <summary>Adds the media cascade to a chat client pipeline.</summary>
public static class MediaCascadeChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the media cascade (audio → transcript, image → OCR text, each only where the model lacks the medium);
    /// adds nothing for a model that takes both images and audio.
    /// </summary>
    public static ChatClientBuilder UseMediaCascade(this ChatClientBuilder builder, MediaCascadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options is { TakesImages: true, TakesAudio: true } ? builder : builder.Use(inner => new MediaCascadeChatClient(inner, options));
    }
}
