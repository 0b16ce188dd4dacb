namespace Omnia.Bench.Fuzz;

/// <summary>One WebSocket session of the realtime corpus: the messages sent after <c>session.created</c>, in order.</summary>
/// <param name="Case">The mutations of the session's events, joined with '+'.</param>
public sealed record RealtimeFuzzSession(string Case, IReadOnlyList<RealtimeFuzzMessage> Messages);

/// <summary>One client message: text (which may hold bytes that are not UTF-8) or binary.</summary>
public sealed record RealtimeFuzzMessage(string Case, byte[] Payload, bool Binary = false);
