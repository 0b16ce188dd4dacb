namespace Omnia.Errors;

/// <summary>A request an engine cannot serve as asked; the server answers 400 naming <see cref="Param"/> and <see cref="Code"/>.</summary>
public class InvalidRequestException(string message, string? param = null, string? code = null) : Exception(message)
{
    public string? Param { get; } = param;
    public string? Code { get; } = code;
}
