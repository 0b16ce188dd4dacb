using Microsoft.Extensions.Logging;
using Omnia.Models.Download;

namespace Omnia.Cli.Pull;

/// <summary>
/// Pull progress in the server log: each phase change and every tenth of a file, with rate and time left.
/// Failures are left to the caller, which logs them with their reason.
/// </summary>
internal sealed class LoggingPullProgress(ILogger logger) : IProgress<ModelDownloadProgress>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (ModelDownloadPhase Phase, int Tenths)> _logged = [];

    public void Report(ModelDownloadProgress value)
    {
        if (value.Phase == ModelDownloadPhase.Failed) return;
        var tenths = value.Fraction is { } f ? (int)(f * 10) : 0;
        lock (_lock)
        {
            if (_logged.TryGetValue(value.Name, out var last) && last.Phase == value.Phase && tenths <= last.Tenths) return;
            _logged[value.Name] = (value.Phase, tenths);
        }
        logger.LogInformation("pull {Progress}", PullProgressLine.Format(value, bar: false));
    }
}
