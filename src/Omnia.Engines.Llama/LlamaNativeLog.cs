using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Omnia.Engines.Llama;

/// <summary>
/// Routes llama.cpp's own log (process-wide) into a logger: warnings and errors as such, its chatty load report at
/// Debug. Without this, every model load prints a few hundred lines to stderr.
/// </summary>
internal static class LlamaNativeLog
{
    private static readonly Lock Gate = new();
    private static ILogger? _logger;
    private static NativeLogConfig.LLamaLogCallback? _callback;

    public static void RouteTo(ILogger logger)
    {
        lock (Gate)
        {
            _logger = logger;
            if (_callback is not null) return;
            _callback = Write;
            NativeLogConfig.llama_log_set(_callback);
        }
    }

    private static void Write(LLamaLogLevel level, string message)
    {
        var logger = _logger;
        if (logger is null) return;
        var text = message.TrimEnd('\n');
        if (text.Length == 0) return;
        var mapped = level switch
        {
            LLamaLogLevel.Error => LogLevel.Error,
            LLamaLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(mapped)) logger.Log(mapped, "llama.cpp: {Message}", text);
    }
}
