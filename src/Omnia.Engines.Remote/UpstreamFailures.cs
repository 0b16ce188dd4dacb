using System.ClientModel;
using System.Net.Sockets;
using Omnia.Errors;
using Polly.CircuitBreaker;

namespace Omnia.Engines.Remote;

/// <summary>Which upstream failures are worth another upstream, and what the client is told about the rest.</summary>
internal static class UpstreamFailures
{
    /// <summary>Connection failures, timeouts, 429 and 502–504 (and 500 if <paramref name="serverErrors"/>): the next upstream may well succeed.</summary>
    public static bool IsRetryable(Exception exception, bool serverErrors = false) => exception switch
    {
        ClientResultException { Status: 0 or 429 or 502 or 503 or 504 } => true,
        ClientResultException { Status: 500 } => serverErrors,
        ClientResultException => false,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsRetryable(inner, serverErrors),
    };

    public static Exception Translate(Upstream upstream, Exception exception) => exception switch
    {
        UpstreamFailedException => exception,
        BrokenCircuitException =>
            new UpstreamFailedException(upstream.Name, "failed repeatedly and is passed over until its circuit breaker's break ends.", null, exception),
        ClientResultException { Status: >= 400 and < 500 and not 429 } client =>
            new UpstreamFailedException(upstream.Name, Message(client), client.Status, client),
        ClientResultException { Status: > 0 } server =>
            new UpstreamFailedException(upstream.Name, $"answered {server.Status}: {Message(server)}", server.Status, server),
        OperationCanceledException =>
            new UpstreamFailedException(upstream.Name, $"did not answer within {upstream.Options.Timeout.TotalSeconds:0} s.", null, exception),
        System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException =>
            new UpstreamFailedException(upstream.Name, "returned a response that is not valid OpenAI JSON.", null, exception),
        _ => new UpstreamFailedException(upstream.Name, $"could not be reached ({exception.Message}).", null, exception),
    };

    private static string Message(ClientResultException exception)
    {
        var first = exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return first.Length > 0 ? string.Join(' ', first.Take(3)) : $"HTTP {exception.Status}";
    }
}
