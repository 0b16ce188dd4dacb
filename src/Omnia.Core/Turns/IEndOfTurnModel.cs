namespace Omnia.Turns;

/// <summary>
/// Scores whether a speaker has finished their turn, from what they said so far: a language model reading the live
/// transcript, or an audio model hearing the utterance's end. Semantic turn detection waits a short pause after a
/// high score and a long one after a low score.
/// </summary>
public interface IEndOfTurnModel
{
    /// <summary>The probability, in [0, 1], that the utterance so far is a finished turn.</summary>
    ValueTask<double> ScoreAsync(EndOfTurnInput input, CancellationToken cancellationToken);
}
