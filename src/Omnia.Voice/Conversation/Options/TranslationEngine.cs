namespace Omnia.Voice.Conversation;

/// <summary>Who translates for the interpreter preset: the offline rule-based translator, or the chat model.</summary>
public enum TranslationEngine
{
    Apertium,
    Llm,
}
