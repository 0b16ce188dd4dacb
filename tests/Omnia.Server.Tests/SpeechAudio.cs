using System.Diagnostics;
using System.Globalization;

namespace Omnia.Server.Tests;

/// <summary>Real speech for the audio tests: flite's slt voice (which pocketsphinx recognises), and ffprobe to check output.</summary>
internal static class SpeechAudio
{
    public static async Task<byte[]> FliteWavAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-flite-{Guid.NewGuid():N}.wav");
        try
        {
            await RunAsync("flite", "-voice", "slt", "-t", text, "-o", path);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Re-encodes audio with ffmpeg (e.g. to mp3), as a client would upload it.</summary>
    public static async Task<byte[]> ConvertAsync(byte[] audio, string extension)
    {
        var input = Path.Combine(Path.GetTempPath(), $"omnia-in-{Guid.NewGuid():N}.wav");
        var output = Path.ChangeExtension(input, extension);
        try
        {
            await File.WriteAllBytesAsync(input, audio);
            await RunAsync("ffmpeg", "-loglevel", "error", "-y", "-i", input, output);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    /// <summary>ffprobe's view of encoded audio: container, codec, sample rate and duration.</summary>
    public static async Task<(string Format, string Codec, int SampleRate, double Seconds)> ProbeAsync(byte[] audio, string? inputFormat = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-probe-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, audio);
        try
        {
            var arguments = new List<string> { "-v", "error" };
            if (inputFormat is not null) arguments.AddRange(["-f", inputFormat, "-ar", "24000", "-ac", "1"]);
            arguments.AddRange(["-show_entries", "format=format_name,duration:stream=codec_name,sample_rate", "-of", "default=nw=1", path]);
            var output = await RunAsync("ffprobe", [.. arguments]);
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            // A streamed FLAC or Ogg has no length in its header (the writer could not seek back): count decoded samples.
            var seconds = double.TryParse(values["duration"], CultureInfo.InvariantCulture, out var d) ? d : await DecodedSecondsAsync(path);
            return (values["format_name"], values["codec_name"], int.Parse(values["sample_rate"], CultureInfo.InvariantCulture), seconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<double> DecodedSecondsAsync(string path)
    {
        var pcm = Path.ChangeExtension(path, ".pcm");
        try
        {
            await RunAsync("ffmpeg", "-loglevel", "error", "-y", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "16000", pcm);
            return new FileInfo(pcm).Length / 2 / 16000.0;
        }
        finally
        {
            File.Delete(pcm);
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await error}");
        return await output;
    }
}
