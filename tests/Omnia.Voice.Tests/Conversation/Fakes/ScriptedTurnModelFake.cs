using Omnia.Turns;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>An end-of-turn model fake: scores transcripts from a table, and records what it was asked about.</summary>
internal sealed class ScriptedTurnModelFake(Func<string, double> score) : IEndOfTurnModel
{
    private readonly List<EndOfTurnInput> _asked = [];

    public IReadOnlyList<EndOfTurnInput> Asked
    {
        get
        {
            lock (_asked) return [.. _asked];
        }
    }

    public ValueTask<double> ScoreAsync(EndOfTurnInput input, CancellationToken cancellationToken)
    {
        lock (_asked) _asked.Add(input);
        return ValueTask.FromResult(score(input.Transcript));
    }
}
