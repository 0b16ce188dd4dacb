namespace Omnia.Models;

/// <summary>A model name or path that the models directory does not hold; the message says where to put the file.</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
