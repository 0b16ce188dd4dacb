using System.Collections.Concurrent;

namespace Omnia.Engines.Onnx.Tests.Vad;

/// <summary>Sentences spoken by flite once per test run, cut at their energy bounds.</summary>
internal static class Utterances
{
    public const string Stella = "Please call Stella and ask her to bring these things with her from the store.";
    public const string Peas = "Six spoons of fresh snow peas.";
    public const string Time = "What time is it?";

    /// <summary>
    /// Background noise at -60 dBFS, a quiet room through a microphone. At -50 dBFS Silero's probability decays more
    /// slowly after words ending in a fricative or plosive, and the reported end moves up to 150 ms late.
    /// </summary>
    public const float QuietRoomRms = 0.001f;

    private static readonly ConcurrentDictionary<string, float[]> Spoken = new();

    public static float[] Trimmed(string text) => Spoken.GetOrAdd(text, t => TestSignals.Trim(FliteSpeech.Say(t)));

    /// <summary>
    /// <paramref name="content"/> with one second of quiet-room noise and then one second of digital silence on each side.
    /// The noise also runs under the content, as a room's does, so no noise starts or stops at a speech boundary.
    /// </summary>
    /// <returns>The audio and where the content starts in it, in samples.</returns>
    public static (float[] Audio, int ContentStart) InSilenceAndNoise(float[] content, int seed)
    {
        var roomSamples = TestSignals.Samples(1000) + content.Length + TestSignals.Samples(1000);
        var room = TestSignals.Noise((int)Math.Ceiling(TestSignals.Ms(roomSamples)), QuietRoomRms, seed)[..roomSamples];
        for (var i = 0; i < content.Length; i++)
        {
            room[TestSignals.Samples(1000) + i] += content[i];
        }

        return (TestSignals.Concat(TestSignals.Silence(1000), room, TestSignals.Silence(1000)), TestSignals.Samples(2000));
    }
}
