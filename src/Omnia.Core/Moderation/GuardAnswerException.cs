namespace Omnia.Moderation;

/// <summary>
/// The guard model answered outside its format, so nothing can be concluded: the server answers 502
/// <c>engine_error</c> rather than guess "safe".
/// </summary>
public sealed class GuardAnswerException(string message) : Exception(message);
