using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Models;
using Omnia.Moderation;
using Omnia.Server.Moderation;

namespace Omnia.Cli.Hosting;

/// <summary>Wraps a served chat model's client in the guardrails configured for it (<c>Omnia:Guardrails:&lt;model&gt;</c>).</summary>
internal sealed class ChatGuardrails(ServeSettings settings, ModelRegistry registry, ModerationMetrics metrics, ILoggerFactory loggers)
{
    public IChatClient Apply(IChatClient client, string modelId)
    {
        if (!settings.Guardrails.TryGetValue(modelId, out var guardrail) || guardrail.IsOff)
            return client;
        if (settings.Moderation.Model is null)
            loggers.CreateLogger<ChatGuardrails>().LogWarning(
                "Guardrails for {Model} need a moderation model (--moderation-model llama-guard-3-1b); until one is set, refuse mode answers 503 and flag mode checks nothing.", modelId);
        return new ChatClientBuilder(client)
            .UseModeration(new ServedModerationClient(registry), guardrail, modelId, metrics, loggers)
            .Build();
    }
}
