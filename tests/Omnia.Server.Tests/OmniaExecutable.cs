using System.Diagnostics;

namespace Omnia.Server.Tests;

/// <summary>Runs the built <c>omnia</c> executable, as a user runs it, and collects what it printed.</summary>
internal static class OmniaExecutable
{
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>omnia</c> with <paramref name="environment"/> added to this process's environment.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>How <c>omnia</c> is started with <paramref name="arguments"/>, its output and errors redirected.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "omnia.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
