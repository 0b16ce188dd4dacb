namespace Omnia.Speech;

/// <summary>One sentence of text and its IPA phonemes, clause punctuation (<c>, . ? ! : ;</c>) kept in place.</summary>
public sealed record PhonemizedSentence(string Text, string Phonemes);
