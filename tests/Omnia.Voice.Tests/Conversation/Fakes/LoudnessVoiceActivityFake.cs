using Omnia.Vad;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A voice activity model fake whose speech probability for a frame is its loudest sample, so a test writes the
/// probabilities it wants into the audio itself (<see cref="TestAudio"/>): 0.9 is speech, 0 is silence. 32 ms frames.
/// </summary>
internal sealed class LoudnessVoiceActivityFake : IVoiceActivityModelFactory
{
    public IReadOnlyList<int> SampleRates { get; } = [16000];

    public IVoiceActivityModel Create(int sampleRate) => new Model();

    private sealed class Model : IVoiceActivityModel
    {
        public int SampleRate => 16000;
        public int FrameSize => 512;

        public float Classify(ReadOnlySpan<float> frame)
        {
            var loudest = 0f;
            foreach (var sample in frame) loudest = Math.Max(loudest, Math.Abs(sample));
            return loudest;
        }

        public void Reset()
        {
        }

        public void Dispose()
        {
        }
    }
}
