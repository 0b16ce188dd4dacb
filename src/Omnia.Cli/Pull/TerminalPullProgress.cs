using Omnia.Models.Download;

namespace Omnia.Cli.Pull;

/// <summary>
/// Shows pull progress on a terminal: one line per file, redrawn in place (ANSI cursor movement) when the output is a
/// TTY, or plain lines at each phase change and every tenth of a file when it is not (logs, pipes, CI).
/// </summary>
/// <remarks>Reports arrive from several downloads at once; one lock keeps lines whole.</remarks>
internal sealed class TerminalPullProgress(TextWriter output, bool interactive) : IProgress<ModelDownloadProgress>
{
    private readonly Lock _lock = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, ModelDownloadProgress> _latest = [];
    private readonly Dictionary<string, int> _printedTenths = [];
    private int _drawnLines;

    public void Report(ModelDownloadProgress value)
    {
        lock (_lock)
        {
            if (!_latest.TryGetValue(value.Name, out var previous)) _order.Add(value.Name);
            _latest[value.Name] = value;
            if (interactive) Redraw();
            else PrintPlain(value, previous);
        }
    }

    private void Redraw()
    {
        if (_drawnLines > 0) output.Write($"\u001b[{_drawnLines}A");
        foreach (var name in _order)
            output.Write($"\r\u001b[2K{PullProgressLine.Format(_latest[name], bar: true)}\n");
        _drawnLines = _order.Count;
        output.Flush();
    }

    private void PrintPlain(ModelDownloadProgress value, ModelDownloadProgress? previous)
    {
        var tenths = value.Fraction is { } f ? (int)(f * 10) : 0;
        var printed = _printedTenths.GetValueOrDefault(value.Name, -1);
        if (previous?.Phase == value.Phase && tenths <= printed) return;
        _printedTenths[value.Name] = tenths;
        output.WriteLine(PullProgressLine.Format(value, bar: false));
    }
}
