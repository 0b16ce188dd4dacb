using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Models;
using Omnia.Vad;

namespace Omnia.Server.Realtime;

/// <summary>The engines and services a realtime session uses: chosen once, when the connection opens.</summary>
internal sealed record RealtimeDependencies(
    IChatClient Chat,
    IReadOnlyList<string> ChatInputModalities,
    bool ChatIsLocal,
    ServedModel? Speech,
    ISpeechToTextClient? Recognition,
    IVoiceActivityModelFactory? VoiceActivity,
    Omnia.Translation.ITextTranslator? Translator,
    EndOfTurnModels? TurnModels,
    OpenAI.Media.ChatMediaPreparer Media,
    OmniaServerOptions Options,
    RealtimeMetrics Metrics,
    Observability.ServerMetrics ServerMetrics,
    RateLimits.RequestBudget Budget,
    OpenAI.Responses.Mcp.McpConnector Mcp,
    TimeProvider Time,
    ILogger Logger);
