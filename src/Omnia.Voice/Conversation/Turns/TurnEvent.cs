namespace Omnia.Voice.Conversation;

/// <summary>What the turn detector heard in the user's audio; positions are milliseconds of the conversation's input audio.</summary>
public abstract record TurnEvent;
