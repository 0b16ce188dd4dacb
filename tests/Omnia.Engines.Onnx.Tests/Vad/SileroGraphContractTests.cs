using Omnia.Tests;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Omnia.Engines.Onnx.Tests.Vad;

/// <summary>
/// The stream against the graph's own contract, run step by step through ONNX Runtime's plain tensor API: each frame goes
/// in after the previous frame's last samples, with the state the previous run returned.
/// </summary>
public class SileroGraphContractTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    // The 8 kHz case feeds the same samples as 8 kHz frames: the contract is about what goes in, not what it sounds like.
    [Theory]
    [InlineData(16_000, 512, 64)]
    [InlineData(8_000, 256, 32)]
    public void A_stream_carries_the_context_and_the_state_from_frame_to_frame(int sampleRate, int frameSize, int contextSize)
    {
        var (audio, _) = Utterances.InSilenceAndNoise(Utterances.Trimmed(Utterances.Time), seed: 21);
        var frames = Enumerable.Range(0, audio.Length / frameSize).Select(i => audio.AsSpan(i * frameSize, frameSize).ToArray()).ToList();
        using var stream = fixture.Vad.Create(sampleRate);

        var streamed = frames.Select(f => stream.Classify(f)).ToArray();

        Assert.Equal(Reference(frames, sampleRate, contextSize), streamed);
    }

    private static float[] Reference(List<float[]> frames, int sampleRate, int contextSize)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(TestPaths.SileroVad, options);
        var context = new float[contextSize];
        var state = new DenseTensor<float>([2, 1, 128]);
        var sr = new DenseTensor<long>(new[] { (long)sampleRate }, []);
        var probabilities = new float[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var input = new DenseTensor<float>(context.Concat(frames[i]).ToArray(), [1, contextSize + frames[i].Length]);
            using var results = session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input", input),
                NamedOnnxValue.CreateFromTensor("state", state),
                NamedOnnxValue.CreateFromTensor("sr", sr),
            ]);
            probabilities[i] = results.First(r => r.Name == "output").AsTensor<float>().Single();
            state = results.First(r => r.Name == "stateN").AsTensor<float>().ToDenseTensor();
            context = frames[i][^contextSize..];
        }

        return probabilities;
    }
}
