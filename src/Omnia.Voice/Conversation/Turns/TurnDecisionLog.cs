using Microsoft.Extensions.Logging;

namespace Omnia.Voice.Conversation;

/// <summary>Why semantic detection ended a turn: the words it judged and the probability it read, for tuning on real speech.</summary>
internal static partial class TurnDecisionLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Semantic turn end at {AudioEndMs} ms: '{Words}' (decoded up to {HeardUntilMs} ms), end-of-turn probability {Probability}")]
    public static partial void EndedBySense(ILogger logger, long audioEndMs, string words, double? probability, long heardUntilMs);
}
