namespace Omnia.Models.Download;

/// <summary>A model file could not be pulled; the message is one line that names the file and the cause.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when trying again may help (the connection was cut or stalled); the partial file is kept for resuming.</summary>
    public bool IsTransient { get; init; }
}
