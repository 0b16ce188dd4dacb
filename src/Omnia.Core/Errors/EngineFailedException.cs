namespace Omnia.Errors;

/// <summary>The engine could not complete a request for a reason of its own (a decode error, a lost native context).</summary>
public sealed class EngineFailedException(string message, Exception? inner = null) : Exception(message, inner);
