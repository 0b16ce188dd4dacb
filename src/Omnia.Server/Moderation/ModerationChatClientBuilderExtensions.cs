using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Moderation;

namespace Omnia.Server.Moderation;

/// <summary>Adds a chat model's guardrails to a <see cref="ChatClientBuilder"/>.</summary>
public static class ModerationChatClientBuilderExtensions
{
    /// <summary>Adds <see cref="ModerationChatClient"/>; nothing when both guardrails are off.</summary>
    public static ChatClientBuilder UseModeration(
        this ChatClientBuilder builder, IModerationClient guard, Guardrail guardrail, string modelId, ModerationMetrics metrics, ILoggerFactory? loggers = null) =>
        guardrail.IsOff
            ? builder
            : builder.Use(inner => new ModerationChatClient(
                inner, guard, guardrail, modelId, metrics, (loggers ?? NullLoggerFactory.Instance).CreateLogger<ModerationChatClient>()));
}
