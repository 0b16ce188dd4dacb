namespace Omnia.Voice.Tests.Conversation;

/// <summary>Input audio for <see cref="LoudnessVoiceActivityFake"/>: 16 kHz samples that are speech or silence to it.</summary>
internal static class TestAudio
{
    public static float[] Speech(int ms) => Enumerable.Repeat(0.9f, ms * 16).ToArray();

    public static float[] Silence(int ms) => new float[ms * 16];
}
