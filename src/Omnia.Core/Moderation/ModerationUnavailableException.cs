namespace Omnia.Moderation;

/// <summary>A guardrail or <c>/v1/moderations</c> needs the guard model and none is ready; the server answers 503.</summary>
public sealed class ModerationUnavailableException(string message) : Exception(message);
