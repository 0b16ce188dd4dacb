using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Omnia.Audio;

/// <summary>One running ffmpeg with piped stdin, stdout and stderr; disposing it kills and reaps the process.</summary>
/// <remarks>
/// Stderr is drained continuously (so ffmpeg never blocks on it) and only its last lines are kept, for errors.
/// Cancellation kills the process, which ends its pipes and so unblocks every reader and writer.
/// </remarks>
internal sealed partial class FfmpegProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 12;

    private readonly Process _process;
    private readonly Queue<string> _errorLines = new();
    private readonly Task _stderrDrain;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly TaskCompletionSource _inputDescribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _describingInput = true;

    private FfmpegProcess(Process process, CancellationToken cancellationToken)
    {
        _process = process;
        _stderrDrain = DrainStderrAsync();
        _cancellation = cancellationToken.Register(Kill);
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Formats a number as an ffmpeg argument.</summary>
    public static string Argument(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The input format ffmpeg reported ("mp3", "ogg", "mov,mp4,m4a,3gp,3g2,mj2", …), once it has probed it.</summary>
    public string? DetectedInputFormat { get; private set; }

    /// <summary>The input's duration as its container declares it ("Duration: 03:00:00.00"), or null when unknown.</summary>
    public TimeSpan? DeclaredDuration { get; private set; }

    /// <summary>The sample rate of the input's first audio stream as declared, or null when unknown.</summary>
    public long? DeclaredSampleRate { get; private set; }

    /// <summary>Completes once ffmpeg has described its input (it prints "Stream mapping:" before converting anything),
    /// or once it has exited without doing so.</summary>
    public Task InputDescribed => _inputDescribed.Task;

    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(startInfo) ?? throw new FfmpegNotFoundException(executable);
            return new FfmpegProcess(process, cancellationToken);
        }
        catch (Win32Exception exception)
        {
            throw new FfmpegNotFoundException(executable, exception);
        }
    }

    /// <summary>Waits for ffmpeg to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        await _stderrDrain;
        return _process.ExitCode;
    }

    /// <summary>ffmpeg's last error lines, without their level, component and "pipe:0: " prefixes.</summary>
    public string ErrorSummary()
    {
        lock (_errorLines)
        {
            return string.Join("; ", _errorLines.Distinct().TakeLast(3));
        }
    }

    /// <summary>Writes to ffmpeg's stdin; false when ffmpeg has stopped reading (it exited, and will say why).</summary>
    public async Task<bool> TryWriteInputAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await Input.WriteAsync(bytes, cancellationToken);
            await Input.FlushAsync(cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Closes stdin, telling ffmpeg the input is complete.</summary>
    public async Task CloseInputAsync()
    {
        try
        {
            await Input.DisposeAsync();
        }
        catch (IOException)
        {
            // ffmpeg is gone; there is nothing left to close.
        }
    }

    /// <summary>Kills ffmpeg if it still runs and waits for the task feeding it, so that task never runs on unobserved.</summary>
    public async Task StopAsync(Task feed)
    {
        Kill();
        try
        {
            await feed;
        }
        catch (Exception)
        {
            // On success the caller has already awaited the feed and seen its failure; on failure or early exit
            // the caller's own exception (or the caller leaving) is the one that matters.
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancellation.DisposeAsync();
        Kill();

        // Waiting reaps the child, so no zombie is left behind.
        await _process.WaitForExitAsync();
        try
        {
            await _stderrDrain;
        }
        catch (IOException)
        {
            // The pipe broke as the process died; its last words are not needed any more.
        }

        _process.Dispose();
    }

    private async Task DrainStderrAsync()
    {
        try
        {
            await ReadStderrAsync();
        }
        finally
        {
            _inputDescribed.TrySetResult();
        }
    }

    private async Task ReadStderrAsync()
    {
        string? line;
        while ((line = await _process.StandardError.ReadLineAsync()) is not null)
        {
            if (_describingInput)
            {
                ReadInputDescription(line);
            }

            // Started with "-loglevel level+info", every line names its level: "[info] Input #0, mp3, from 'pipe:0':".
            var input = InputLine().Match(line);
            if (input.Success)
            {
                DetectedInputFormat ??= input.Groups[1].Value;
            }

            var error = ErrorLine().Match(line);
            if (!error.Success)
            {
                continue;
            }

            var message = Prefixes().Replace(error.Groups[1].Value, string.Empty).Trim();
            lock (_errorLines)
            {
                _errorLines.Enqueue(message.Length > 300 ? message[..300] : message);
                if (_errorLines.Count > KeptErrorLines)
                {
                    _errorLines.Dequeue();
                }
            }
        }
    }

    private void ReadInputDescription(string line)
    {
        if (line.StartsWith("[info] Stream mapping:", StringComparison.Ordinal) || line.StartsWith("[info] Output #0", StringComparison.Ordinal))
        {
            _describingInput = false;
            _inputDescribed.TrySetResult();
            return;
        }

        var duration = DurationLine().Match(line);
        if (duration.Success)
        {
            DeclaredDuration = new TimeSpan(int.Parse(duration.Groups[1].Value, CultureInfo.InvariantCulture), 0, 0)
                + TimeSpan.FromMinutes(int.Parse(duration.Groups[2].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromSeconds(double.Parse(duration.Groups[3].Value, CultureInfo.InvariantCulture));
            return;
        }

        var stream = AudioStreamLine().Match(line);
        if (stream.Success && DeclaredSampleRate is null && long.TryParse(stream.Groups[1].Value, CultureInfo.InvariantCulture, out var rate))
        {
            DeclaredSampleRate = rate;
        }
    }

    [GeneratedRegex(@"^\[info\]\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")]
    private static partial Regex DurationLine();

    // "[info]   Stream #0:0: Audio: flac, 8000 Hz, mono, s16" (with an optional "(eng)" or "[0x1]" after the index).
    [GeneratedRegex(@"^\[info\]\s+Stream #0:\d+\S*: Audio: .*?, (\d+) Hz")]
    private static partial Regex AudioStreamLine();

    [GeneratedRegex(@"\[info\] Input #0, (.+?), from ")]
    private static partial Regex InputLine();

    [GeneratedRegex(@"\[(?:error|fatal|panic)\] (.*)$")]
    private static partial Regex ErrorLine();

    // "[mp3 @ 0x55d0c8a2b2c0] " component tags and "pipe:0: " or "/tmp/x.m4a: " input names.
    [GeneratedRegex(@"\[[^\]]+ @ 0x[0-9a-f]+\] |^(pipe:\d|/\S+): ")]
    private static partial Regex Prefixes();
}
