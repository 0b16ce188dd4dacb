using Omnia.Models.Download;

namespace Omnia.Cli.Pull;

/// <summary>One file's progress as one line of text: name, bar, percentage, bytes, rate and time left.</summary>
internal static class PullProgressLine
{
    private const int BarWidth = 24;

    public static string Format(ModelDownloadProgress p, bool bar)
    {
        var amount = p.TotalBytes is { } total ? $"{ByteSize.Format(p.Bytes)} / {ByteSize.Format(total)}" : ByteSize.Format(p.Bytes);
        var percent = p.Fraction is { } f ? $"{f * 100,3:0}%" : "   ?";
        var graph = bar ? $"[{new string('#', (int)((p.Fraction ?? 0) * BarWidth)).PadRight(BarWidth, '-')}] " : "";
        return p.Phase switch
        {
            ModelDownloadPhase.Checking => $"{p.Name,-30} checking  {amount}",
            ModelDownloadPhase.Done => $"{p.Name,-30} {graph}done  {amount}",
            ModelDownloadPhase.Failed => $"{p.Name,-30} failed",
            _ => $"{p.Name,-30} {graph}{percent}  {amount}  {ByteSize.Rate(p.BytesPerSecond)}" +
                 (p.Remaining is { } eta ? $"  ETA {ByteSize.Duration(eta)}" : ""),
        };
    }
}
