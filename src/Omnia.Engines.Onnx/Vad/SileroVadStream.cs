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

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _contextSize;
    private readonly float[] _input;
    private readonly float[] _state = new float[2 * StateWidth];
    private readonly float[] _nextState = new float[2 * StateWidth];
    private readonly float[] _probability = new float[1];
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;
    private readonly RunOptions _runOptions = new();
    private bool _disposed;

    public SileroVadStream(InferenceSession session, string[] inputNames, string[] outputNames, int sampleRate)
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
        _inputNames = inputNames;
        _outputNames = outputNames;
        _input = new float[_contextSize + FrameSize];
        _inputValues =
        [
            OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]),
            OrtValue.CreateTensorValueFromMemory(_state, [2, 1, StateWidth]),
            OrtValue.CreateTensorValueFromMemory(new long[] { sampleRate }, []),
        ];
        _outputValues =
        [
            OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]),
            OrtValue.CreateTensorValueFromMemory(_nextState, [2, 1, StateWidth]),
        ];
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
        _session.Run(_runOptions, _inputNames, _inputValues, _outputNames, _outputValues);
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
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
    }
}
