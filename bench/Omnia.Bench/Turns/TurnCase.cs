namespace Omnia.Bench.Turns;

/// <summary>One case of the turn-taking suite: what is played (its speech end is where the user is done) and its kind.</summary>
/// <param name="Name">What the table's log shows: the words or the noise, the voice, the pause.</param>
internal sealed record TurnCase(TurnCaseKind Kind, string Name, SpokenUtterance Audio);
