using Microsoft.ML.OnnxRuntime;
using Omnia.Vad;

namespace Omnia.Engines.Onnx.Vad;

/// <summary>One audio stream's Silero VAD classifier: the recurrent state and the audio context carried between frames.</summary>
/// <remarks>
/// The graph takes each frame prefixed with the last samples of the previous one (64 at 16 kHz, 32 at 8 kHz). Every
/// tensor is bound once to a pinned buffer of this stream, so a frame runs without allocating.
/// </remarks>
internal sealed class SileroVadStream : IVoiceActivityModel
{
    /// <summary>The width of each of the two recurrent state vectors, <c>state[2, 1, 128]</c>.</summary>
    public const int StateWidth = 128;

    // The graph's inputs and outputs, as ONNX Runtime's metadata lists them for the v5/v6 model.
    public const string AudioInput = "input";
    public const string StateInput = "state";
    public const string SampleRateInput = "sr";
    public const string ProbabilityOutput = "output";
    public const string StateOutput = "stateN";

    private readonly InferenceSession _session;
    private readonly int _contextSize;
    private readonly float[] _input;
    private readonly float[] _state = new float[2 * StateWidth];
    private readonly float[] _nextState = new float[2 * StateWidth];
    private readonly float[] _probability = new float[1];
    private readonly OrtValue[] _tensors;
    private readonly Action _release;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private bool _disposed;

    /// <param name="release">Called once when the stream is disposed, to let go of the shared session.</param>
    public SileroVadStream(InferenceSession session, int sampleRate, Action release)
    {
        (FrameSize, _contextSize) = sampleRate switch
        {
            16_000 => (512, 64),
            8_000 => (256, 32),
            _ => throw new ArgumentOutOfRangeException(
                nameof(sampleRate), sampleRate, $"Silero VAD runs at 16000 or 8000 Hz; got {sampleRate} Hz. Resample the audio first."),
        };
        SampleRate = sampleRate;
        _session = session;
        _release = release;
        _input = new float[_contextSize + FrameSize];
        var audio = OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]);
        var state = OrtValue.CreateTensorValueFromMemory(_state, [2, 1, StateWidth]);
        var rate = OrtValue.CreateTensorValueFromMemory(new long[] { sampleRate }, []);
        var probability = OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]);
        var nextState = OrtValue.CreateTensorValueFromMemory(_nextState, [2, 1, StateWidth]);
        _tensors = [audio, state, rate, probability, nextState];
        _binding = session.CreateIoBinding();
        _binding.BindInput(AudioInput, audio);
        _binding.BindInput(StateInput, state);
        _binding.BindInput(SampleRateInput, rate);
        _binding.BindOutput(ProbabilityOutput, probability);
        _binding.BindOutput(StateOutput, nextState);
    }

    public int SampleRate { get; }

    public int FrameSize { get; }

    public float Classify(ReadOnlySpan<float> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (frame.Length != FrameSize)
        {
            throw new ArgumentException(
                $"Silero VAD at {SampleRate} Hz classifies frames of exactly {FrameSize} samples; got {frame.Length}.", nameof(frame));
        }

        frame.CopyTo(_input.AsSpan(_contextSize));
        _session.RunWithBinding(_runOptions, _binding);
        _nextState.CopyTo(_state, 0);
        _input.AsSpan(FrameSize, _contextSize).CopyTo(_input);
        return _probability[0];
    }

    public void Reset()
    {
        Array.Clear(_state);
        Array.Clear(_input);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var tensor in _tensors)
        {
            tensor.Dispose();
        }

        _binding.Dispose();
        _runOptions.Dispose();
        _release();
    }
}
