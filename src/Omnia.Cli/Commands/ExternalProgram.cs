using System.Diagnostics;

namespace Omnia.Cli.Commands;

/// <summary>Finds and runs the optional sound programs (<c>arecord</c>, <c>aplay</c>) <c>omnia talk</c> uses for the microphone.</summary>
internal static class ExternalProgram
{
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>Starts <paramref name="name"/> with its stdin and stdout as pipes (stderr passes through to ours).</summary>
    public static Process Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
    }

    /// <summary>Ends a program we started, and waits for it.</summary>
    public static void Stop(Process process)
    {
        if (process.HasExited) return;
        process.Kill();
        process.WaitForExit(2000);
    }
}
