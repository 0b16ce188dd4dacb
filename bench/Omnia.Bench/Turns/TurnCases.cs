using Omnia.Audio;

namespace Omnia.Bench.Turns;

/// <summary>
/// The suite's cases, spoken by flite's voices in turn, and its noises (white noise bursts, alsa-utils' Noise.wav).
/// The voices are 16 kHz ones: flite's 8 kHz <c>kal</c> is telephone audio that Debian's own
/// <c>pocketsphinx_continuous</c> mishears almost entirely ("what is the weather like today" → "what what what did
/// it"), so with it the suite measured recognition, not turn-taking; <c>kal16</c> is the same voice at 16 kHz.
/// </summary>
internal static class TurnCases
{
    private const string AlsaNoise = "/usr/share/sounds/alsa/Noise.wav";
    private const string HumText = "mm-hmm";
    private static readonly string[] Voices = ["slt", "kal16", "awb"];
    private static readonly int[] PausesMs = [300, 500, 700];

    private static readonly (string Before, string After)[] Unfinished =
    [
        ("I think that we should", "go home now"),
        ("can you tell me what you", "think"),
        ("could you book a table for", "four people tonight"),
        ("I want to go to the", "station tomorrow"),
        ("my favourite colour is", "green"),
        ("please remind me to", "call my sister"),
    ];

    private static readonly string[] Finished =
    [
        "What is the weather like today?",
        "How far away is the moon?",
        "Turn on the lights in the kitchen please.",
        "I would like to order a large pizza.",
        "What time does the library open tomorrow?",
        "Thank you, that is all.",
    ];

    private static readonly string[] Backchannels = ["uh huh", "yeah", "okay", "right"];

    public static async Task<IReadOnlyList<TurnCase>> BuildAsync(CancellationToken cancellationToken)
    {
        var cases = new List<TurnCase>();
        for (var i = 0; i < Unfinished.Length; i++)
        {
            var (before, after) = Unfinished[i];
            var voice = Voices[i % Voices.Length];
            var pause = PausesMs[i % PausesMs.Length];
            var first = await SpokenUtterance.SynthesizeAsync(before, voice, cancellationToken);
            var second = await SpokenUtterance.SynthesizeAsync(after, voice, cancellationToken);
            // The pause is measured from the true end of the first phrase's speech, flite's trailing silence cut off.
            float[] samples = [.. first.Samples.AsSpan(0, first.SpeechEnd), .. new float[SpokenUtterance.SampleRate * pause / 1000], .. second.Samples];
            var text = $"{before} … {after}";
            cases.Add(new TurnCase(TurnCaseKind.Unfinished, $"'{text}' ({voice}, {pause} ms)", new SpokenUtterance(text, samples, SpokenUtterance.FindSpeechEnd(samples))));
        }

        for (var i = 0; i < Finished.Length; i++)
        {
            var voice = Voices[(i + 1) % Voices.Length];
            cases.Add(new TurnCase(TurnCaseKind.Finished, $"'{Finished[i]}' ({voice})", await SpokenUtterance.SynthesizeAsync(Finished[i], voice, cancellationToken)));
        }

        for (var i = 0; i < Backchannels.Length; i++)
        {
            var voice = Voices[i % Voices.Length];
            cases.Add(new TurnCase(TurnCaseKind.OverAnswer, $"'{Backchannels[i]}' ({voice})", await SpokenUtterance.SynthesizeAsync(Backchannels[i], voice, cancellationToken)));
        }

        cases.Add(new TurnCase(TurnCaseKind.OverAnswer, $"'{HumText}' (hummed)", HummedBackchannel()));
        cases.Add(new TurnCase(TurnCaseKind.OverAnswer, "white noise 300 ms", WhiteNoise(300, seed: 1)));
        cases.Add(new TurnCase(TurnCaseKind.Interruption, "'wait, stop please' (slt)", await SpokenUtterance.SynthesizeAsync("wait, stop please", "slt", cancellationToken)));
        cases.Add(new TurnCase(TurnCaseKind.Interruption, "'no, tell me about the weather instead' (kal16)", await SpokenUtterance.SynthesizeAsync("no, tell me about the weather instead", "kal16", cancellationToken)));
        foreach (var (ms, seed) in new[] { (200, 2), (300, 3), (400, 4) })
            cases.Add(new TurnCase(TurnCaseKind.NoiseAlone, $"white noise {ms} ms", WhiteNoise(ms, seed)));
        if (File.Exists(AlsaNoise))
        {
            await using var file = File.OpenRead(AlsaNoise);
            var samples = (await new AudioCodec().DecodeAsync(file, SpokenUtterance.SampleRate, 1, cancellationToken: cancellationToken)).Samples.ToArray();
            cases.Add(new TurnCase(TurnCaseKind.NoiseAlone, "alsa Noise.wav", new SpokenUtterance("(noise)", samples, SpokenUtterance.FindSpeechEnd(samples))));
        }

        return cases;
    }

    /// <summary>
    /// "Mm-hmm" as people say it, with the mouth closed: two nasal hums (220 ms level, 80 ms breathy gap, 300 ms
    /// rising), a 100–140 Hz voice with its harmonics up to 1.5 kHz. flite cannot say it: it spells "mm hmm" out
    /// letter by letter ("em em aitch em em", 1.2–1.6 s), which is no backchannel.
    /// </summary>
    private static SpokenUtterance HummedBackchannel()
    {
        const int rate = SpokenUtterance.SampleRate;
        var samples = new List<float>();
        var random = new Random(5);
        var phase = 0.0;
        void Hum(int ms, double fromHz, double toHz)
        {
            var n = rate * ms / 1000;
            for (var i = 0; i < n; i++)
            {
                var t = (double)i / n;
                phase += 2 * Math.PI * (fromHz + (toHz - fromHz) * t) / rate;
                double voice = 0;
                for (var k = 1; k * toHz < 1500; k++) voice += Math.Sin(k * phase) / Math.Pow(k, 1.5);
                var envelope = Math.Min(1, Math.Min(i, n - i) / (0.02 * rate));
                samples.Add((float)(0.12 * envelope * voice));
            }
        }
        Hum(220, 110, 100);
        for (var i = 0; i < rate * 80 / 1000; i++) samples.Add((float)(random.NextDouble() * 0.02 - 0.01));
        Hum(300, 100, 140);
        float[] result = [.. samples];
        return new SpokenUtterance(HumText, result, result.Length);
    }

    /// <summary>A burst of white noise at a speaking level (uniform, ±0.3), seeded so every run plays the same.</summary>
    private static SpokenUtterance WhiteNoise(int ms, int seed)
    {
        var random = new Random(seed);
        var samples = new float[SpokenUtterance.SampleRate * ms / 1000];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(random.NextDouble() * 0.6 - 0.3);
        return new SpokenUtterance("(noise)", samples, samples.Length);
    }
}
