using System.Diagnostics;
using Omnia.Audio;

namespace Omnia.Bench;

/// <summary>A sentence spoken by flite's slt voice, at 24 kHz, with where its speech really ends.</summary>
/// <param name="SpeechEnd">The sample just after the last one of speech, found from the signal's energy.</param>
internal sealed record SpokenUtterance(string Text, float[] Samples, int SpeechEnd)
{
    public const int SampleRate = 24000;

    // Frames quieter than this below the loudest are silence: flite's tail fades well under it.
    private const double SilenceBelowPeakDb = 40;
    private const int FrameMs = 10;

    /// <summary>Questions and requests a voice assistant hears; the bench cycles through them.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
    [
        "What is the weather like today?",
        "Please tell me a short story about a cat.",
        "How far away is the moon?",
        "Can you help me plan a trip to the mountains?",
        "What time does the library open tomorrow?",
        "I would like to order a large pizza.",
        "Why is the sky blue during the day?",
        "Remind me to call my mother this evening.",
        "Who wrote the book about the little prince?",
        "Turn on the lights in the kitchen please.",
        "What should I cook for dinner tonight?",
        "How do I get to the train station?",
    ];

    public TimeSpan SpeechDuration => TimeSpan.FromSeconds((double)SpeechEnd / SampleRate);

    /// <summary>Speaks <paramref name="text"/> with <c>flite -voice slt</c> and decodes it to 24 kHz mono.</summary>
    public static Task<SpokenUtterance> SynthesizeAsync(string text, CancellationToken cancellationToken) =>
        SynthesizeAsync(text, "slt", cancellationToken);

    /// <summary>Speaks <paramref name="text"/> with <c>flite -voice <paramref name="voice"/></c> (<c>flite -lv</c> lists them) at 24 kHz mono.</summary>
    public static async Task<SpokenUtterance> SynthesizeAsync(string text, string voice, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-bench-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("flite") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-voice", voice, "-t", text, "-o", path }) start.ArgumentList.Add(argument);
            using (var flite = Process.Start(start) ?? throw new InvalidOperationException("Could not start flite (Debian package flite)."))
            {
                var error = await flite.StandardError.ReadToEndAsync(cancellationToken);
                await flite.WaitForExitAsync(cancellationToken);
                if (flite.ExitCode != 0) throw new InvalidOperationException($"flite failed: {error}");
            }
            await using var file = File.OpenRead(path);
            var samples = (await new AudioCodec().DecodeAsync(file, SampleRate, 1, cancellationToken: cancellationToken)).Samples.ToArray();
            return new SpokenUtterance(text, samples, FindSpeechEnd(samples));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The end of the last 10 ms frame whose energy is within 40 dB of the loudest frame's.</summary>
    public static int FindSpeechEnd(ReadOnlySpan<float> samples)
    {
        var frame = SampleRate * FrameMs / 1000;
        var frames = samples.Length / frame;
        var energies = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            foreach (var s in samples.Slice(f * frame, frame)) sum += s * s;
            energies[f] = sum / frame;
        }
        var floor = energies.DefaultIfEmpty(0).Max() * Math.Pow(10, -SilenceBelowPeakDb / 10);
        for (var f = frames - 1; f >= 0; f--)
            if (energies[f] > floor) return (f + 1) * frame;
        throw new InvalidOperationException("The utterance is silent.");
    }
}
