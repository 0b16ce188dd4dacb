using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Omnia.Vad;

namespace Omnia.Engines.Onnx.Vad;

/// <summary>The Silero VAD (v5/v6 graph) loaded on ONNX Runtime, handing out one classifier per audio stream.</summary>
/// <remarks>
/// One <see cref="InferenceSession"/> serves every stream: ONNX Runtime runs it concurrently, and each stream keeps its
/// own recurrent state and context. A frame costs well under a millisecond, so a run uses one thread. Each stream holds
/// the session open, so disposing this while streams are live frees the weights only when the last stream is disposed.
/// </remarks>
public sealed class SileroVad : IVoiceActivityModelFactory, IDisposable
{
    private readonly SharedInferenceSession _shared;

    /// <summary>Loads the model file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or not a Silero VAD graph.</exception>
    public SileroVad(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"The Silero VAD model file '{ModelPath}' does not exist.", ModelPath);
        }

        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _shared = new SharedInferenceSession(new InferenceSession(ModelPath, sessionOptions), sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            sessionOptions.Dispose();
            throw new InvalidDataException($"'{ModelPath}' is not a loadable ONNX model: {ex.Message}", ex);
        }

        try
        {
            CheckGraph(_shared.Session, ModelPath);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the full path of the loaded model file.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> SampleRates { get; } = [16_000, 8_000];

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Silero VAD does not run at <paramref name="sampleRate"/>.</exception>
    public IVoiceActivityModel Create(int sampleRate)
    {
        _shared.Hold(this);
        try
        {
            return new SileroVadStream(_shared.Session, sampleRate, _shared.Release);
        }
        catch
        {
            _shared.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _shared.Close();

    private static void CheckGraph(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var fits =
            inputs.Count == 3 && outputs.Count == 2
            && inputs.TryGetValue(SileroVadStream.AudioInput, out var audio)
                && audio.ElementDataType == TensorElementType.Float && audio.Dimensions.Length == 2
            && inputs.TryGetValue(SileroVadStream.StateInput, out var state)
                && state.ElementDataType == TensorElementType.Float && state.Dimensions is [2, _, SileroVadStream.StateWidth]
            && inputs.TryGetValue(SileroVadStream.SampleRateInput, out var rate) && rate.ElementDataType == TensorElementType.Int64
            && outputs.TryGetValue(SileroVadStream.ProbabilityOutput, out var probability)
                && probability.ElementDataType == TensorElementType.Float
            && outputs.TryGetValue(SileroVadStream.StateOutput, out var nextState) && nextState.ElementDataType == TensorElementType.Float;
        if (!fits)
        {
            throw new InvalidDataException(
                $"'{path}' is not a Silero VAD v5/v6 graph: expected inputs input[1,N] float, state[2,1,128] float, sr int64 "
                + $"and outputs output, stateN; found inputs {Describe(inputs)} and outputs {Describe(outputs)}.");
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key}[{string.Join(",", n.Value.Dimensions)}] {n.Value.ElementDataType}"));
}
