using Omnia.Audio;

namespace Omnia.Voice.Synthesis;

/// <summary>What a <see cref="StreamingSpeaker"/> produces, in order: text as it arrives, and audio for each finished clause.</summary>
public abstract record SpokenPiece;

/// <summary>A piece of the answer's text, passed on as soon as the model produced it.</summary>
public sealed record SpokenText(string Text) : SpokenPiece;

/// <summary>Synthesized speech for <see cref="Clause"/>, mono at the speaker's output rate.</summary>
public sealed record SpokenAudio(string Clause, PcmAudio Audio) : SpokenPiece;
