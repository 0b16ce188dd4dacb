using System.Diagnostics;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>A fixed set of English sentences spoken by flite's "slt" voice (16 kHz mono), generated once per run.</summary>
public sealed class FliteSentences : IDisposable
{
    public static readonly string[] Texts =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Please call me back when you get home tonight.",
        "The weather is nice and warm today.",
        "I would like to order a large pizza.",
        "Turn on the lights in the kitchen.",
        "What time does the train leave tomorrow morning?",
        "My favorite color is blue.",
        "We need to buy milk, bread and eggs.",
        "Can you tell me the way to the station?",
        "The meeting has been moved to next Friday.",
    ];

    private readonly string directory = Directory.CreateTempSubdirectory("omnia-flite-").FullName;

    public FliteSentences()
    {
        Audio = Texts.Select((text, i) => Speak(text, Path.Combine(directory, $"{i}.wav"))).ToArray();
    }

    /// <summary>16 kHz mono samples for each of <see cref="Texts"/>.</summary>
    public short[][] Audio { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static short[] Speak(string text, string path)
    {
        var start = new ProcessStartInfo("flite") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-voice", "slt", "-t", text, "-o", path })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("flite did not start (apt-get install flite).");
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"flite failed: {process.StandardError.ReadToEnd()}");
        var (samples, sampleRate) = TestWavReader.Read(path);
        Assert.Equal(16000, sampleRate);
        return samples;
    }
}
