using System.Diagnostics;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>Debian's own command-line decoder (<c>pocketsphinx_continuous</c>, package pocketsphinx) on a 16 kHz WAV
/// file: it cuts the audio at its voice-activity pauses and prints one line per utterance.</summary>
internal static class ContinuousDecoder
{
    public static string Transcribe(string wavPath)
    {
        var start = new ProcessStartInfo("pocketsphinx_continuous") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-infile", wavPath, "-logfn", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("pocketsphinx_continuous did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("pocketsphinx_continuous is missing (apt-get install pocketsphinx).", e);
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pocketsphinx_continuous failed: {errors.Result}");
            return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
