namespace Omnia.Voice.Conversation;

/// <summary>One synthesized clause of a spoken answer and where its audio ends in the answer, to cut the transcript at what was heard.</summary>
public readonly record struct SpokenClause(string Text, double EndMs);
