using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>Continuous human speech: Debian alsa-utils' channel-test recordings (a man saying "Front Left" …, 48 kHz),
/// joined with pauses of 0.5 to 1 s, once (16 s) and twice over (33 s: longer than one 30-second segment).</summary>
/// <remarks>Each clip is written as the 48 kHz WAV a user would upload and as the 16 kHz WAV that
/// <c>pocketsphinx_continuous</c> needs (resampled by ffmpeg, as a user of that decoder would).</remarks>
public sealed class AlsaRecordings : IDisposable
{
    private const string SoundDirectory = "/usr/share/sounds/alsa";
    private const int RecordedRate = 48000;

    // The pauses after each recording vary as a speaker's would.
    private static readonly (string Name, double PauseSeconds)[] Recordings =
    [
        ("Front_Left", 0.5), ("Front_Right", 0.8), ("Front_Center", 1.0), ("Rear_Left", 0.6),
        ("Rear_Right", 0.9), ("Rear_Center", 0.7), ("Side_Left", 0.5), ("Side_Right", 0.7),
    ];

    private readonly string directory = Directory.CreateTempSubdirectory("omnia-alsa-").FullName;

    public AlsaRecordings()
    {
        var once = Recordings.SelectMany(recording => Read(recording.Name).Concat(new short[(int)(recording.PauseSeconds * RecordedRate)])).ToArray();
        Clips = new Dictionary<int, Clip> { [1] = Write("once", once, 1), [2] = Write("twice", [.. once, .. once], 2) };
    }

    /// <summary>The clips by how many times the recordings are said in them (1 or 2).</summary>
    public IReadOnlyDictionary<int, Clip> Clips { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private Clip Write(string name, short[] samples, int rounds)
    {
        var original = Path.Combine(directory, name + ".48k.wav");
        var resampled = Path.Combine(directory, name + ".16k.wav");
        WriteWav(original, samples, RecordedRate);
        Ffmpeg("-v", "error", "-i", original, "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", resampled);
        var words = Recordings.SelectMany(recording => recording.Name.ToLowerInvariant().Split('_'));
        return new Clip(original, resampled, Enumerable.Repeat(words, rounds).SelectMany(w => w).ToArray());
    }

    private static short[] Read(string name)
    {
        var path = Path.Combine(SoundDirectory, name + ".wav");
        Assert.True(File.Exists(path), $"{path} is missing (apt-get install alsa-utils).");
        var (samples, sampleRate) = TestWavReader.Read(path);
        Assert.Equal(RecordedRate, sampleRate);
        return samples;
    }

    private static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {errors}");
    }

    private static void WriteWav(string path, short[] samples, int sampleRate)
    {
        using var writer = new BinaryWriter(File.Create(path));
        var dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        writer.Write(MemoryMarshal.AsBytes(samples.AsSpan()));
    }

    /// <summary>One joined clip: the 48 kHz upload, its 16 kHz resampling by ffmpeg, and the words said.</summary>
    public sealed record Clip(string OriginalWav, string Resampled16kWav, string[] Words);
}
