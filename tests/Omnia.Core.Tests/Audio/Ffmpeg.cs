using System.Diagnostics;
using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

/// <summary>The ffmpeg CLI as the tests' independent witness: it generates fixtures, probes outputs and counts children.</summary>
internal static class Ffmpeg
{
    /// <summary>Runs ffmpeg with <paramref name="arguments"/> writing to a temporary file with <paramref name="extension"/>, and returns its bytes.</summary>
    public static byte[] Generate(string arguments, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-test-{Guid.NewGuid():N}.{extension}");
        try
        {
            Run("ffmpeg", $"-hide_banner -loglevel error -y {arguments} {path}");
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>ffprobe's codec name, sample rate and duration (seconds) of the first audio stream.</summary>
    public static (string Codec, int SampleRate, double Duration) Probe(byte[] encoded)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-test-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(path, encoded);

            // Streamed files may lack a duration in their header, so count the decoded packets' time instead.
            var output = Run(
                "ffprobe",
                $"-v error -select_streams a:0 -count_packets -show_entries stream=codec_name,sample_rate -of default=nw=1 {path}");
            var fields = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair[1]);
            var decoded = Run("ffmpeg", $"-hide_banner -loglevel error -i {path} -f f32le -ac 1 -ar 8000 pipe:1", binaryLength: true);
            return (fields["codec_name"], int.Parse(fields["sample_rate"]), int.Parse(decoded) / 4 / 8000.0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Live ffmpeg children of this test process (zombies included: /proc lists them until they are reaped).</summary>
    public static int ChildProcesses()
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var commandEnd = stat.LastIndexOf(')');
                var command = stat[(stat.IndexOf('(') + 1)..commandEnd];
                var parent = int.Parse(stat[(commandEnd + 2)..].Split(' ')[1]);
                if (command == "ffmpeg" && parent == Environment.ProcessId)
                {
                    count++;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not a process directory, or the process ended while we looked.
            }
        }

        return count;
    }

    public static async IAsyncEnumerable<PcmAudio> Chunks(PcmAudio audio, int frames)
    {
        for (var start = 0; start < audio.FrameCount; start += frames)
        {
            var count = Math.Min(frames, audio.FrameCount - start);
            yield return new PcmAudio(audio.Samples.Slice(start * audio.Channels, count * audio.Channels), audio.SampleRate, audio.Channels);
            await Task.Yield();
        }
    }

    private static string Run(string tool, string arguments, bool binaryLength = false)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        string output;
        if (binaryLength)
        {
            var sink = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(sink);
            output = sink.Length.ToString();
        }
        else
        {
            output = process.StandardOutput.ReadToEnd();
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed: {errors.Result}");
        return output;
    }
}
