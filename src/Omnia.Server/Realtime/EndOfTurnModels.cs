using Omnia.Turns;

namespace Omnia.Server.Realtime;

/// <summary>The installed models of turn ends that realtime's semantic_vad may read (the composition root loads them).</summary>
/// <param name="SmartTurn">Smart Turn v3 on the audio, when pulled.</param>
/// <param name="NGram">An n-gram language model's sentence ends, when its file is installed.</param>
public sealed record EndOfTurnModels(IEndOfTurnModel? SmartTurn, IEndOfTurnModel? NGram);
