using System.Diagnostics;

namespace Omnia.Bench.PromptCache;

/// <summary>Asks the built CLI which options <c>omnia serve</c> has, so a bench can use a flag only where it exists.</summary>
internal static class ServeCommandOptions
{
    public static async Task<bool> HasAsync(string cliDll, string option, CancellationToken cancellationToken)
    {
        if (!File.Exists(cliDll))
        {
            throw new FileNotFoundException($"The Omnia CLI is not built at {cliDll}. Build it (dotnet build src/Omnia.Cli -c Release).", cliDll);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { cliDll, "serve", "--help" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start `dotnet` for `omnia serve --help`.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var help = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await errors;
        await process.WaitForExitAsync(cancellationToken);
        return help.Contains(option, StringComparison.Ordinal);
    }
}
