namespace Omnia.Server.Errors;

/// <summary>A failure with its HTTP status and OpenAI error fields, thrown anywhere in request handling.</summary>
public sealed class ApiException(int status, string message, string type = ApiException.InvalidRequest, string? param = null, string? code = null)
    : Exception(message)
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Server = "server_error";

    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Param { get; } = param;
    public string? Code { get; } = code;

    /// <summary>Longest message and param sent back; the cap is a backstop behind <see cref="Echo"/> at each echo.</summary>
    public const int MaxMessageCharacters = 1024;

    public const int MaxParamCharacters = 256;

    public OpenAIError ToError() => new(new OpenAIErrorDetail(
        Echo.Clip(Message, MaxMessageCharacters), Type, Param is null ? null : Echo.Clip(Param, MaxParamCharacters), Code));

    public static ApiException BadRequest(string message, string? param = null, string? code = null) => new(400, message, InvalidRequest, param, code);

    public static ApiException ModelNotFound(string model) =>
        new(404, $"The model {Echo.Quote(model)} does not exist or is not served here.", InvalidRequest, "model", "model_not_found");
}
