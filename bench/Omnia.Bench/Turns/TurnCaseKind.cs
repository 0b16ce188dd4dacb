namespace Omnia.Bench.Turns;

/// <summary>What a turn-taking case plays and so what the server should do.</summary>
internal enum TurnCaseKind
{
    /// <summary>An unfinished phrase, a 300–700 ms pause, its continuation: one turn, committed only after the continuation.</summary>
    Unfinished,

    /// <summary>A finished utterance: one turn, committed soon after its end.</summary>
    Finished,

    /// <summary>A backchannel or a short noise while an answer plays: the answer goes on.</summary>
    OverAnswer,

    /// <summary>Real words while an answer plays: they interrupt it.</summary>
    Interruption,

    /// <summary>Noise with no answer playing: no turn, no reply.</summary>
    NoiseAlone,
}
