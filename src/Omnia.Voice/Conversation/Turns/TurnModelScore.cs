using Microsoft.Extensions.Logging;
using Omnia.Turns;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Asks an end-of-turn model (Smart Turn on the audio, the n-gram LM on the words) whether the user is done, while
/// they pause: one question at a time, the answer kept for the words it was asked about. A failed score is logged
/// and the word rule decides instead.
/// </summary>
internal static partial class TurnModelScore
{
    public static HeardWordsJob<EndOfTurnInput> For(IEndOfTurnModel model, ILogger logger, Action scored) =>
        new(async (input, cancellationToken) => await model.ScoreAsync(input, cancellationToken), e => ScoreFailed(logger, e), scored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The end-of-turn model failed; the word rule decides this pause")]
    private static partial void ScoreFailed(ILogger logger, Exception error);
}
