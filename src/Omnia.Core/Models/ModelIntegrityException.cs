namespace Omnia.Models;

/// <summary>A model file whose size or SHA-256 differs from its catalog entry: it is never loaded.</summary>
public sealed class ModelIntegrityException(string message) : Exception(message);
