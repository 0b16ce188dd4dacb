namespace Omnia.Errors;

/// <summary>The engine's queue is full; the server answers 503 so clients back off and retry.</summary>
public sealed class EngineOverloadedException(string message) : Exception(message);
