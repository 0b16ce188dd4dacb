namespace Omnia.Gguf;

/// <summary>A GGUF file or value that does not follow the format (bad magic, version, type or length).</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException()
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
