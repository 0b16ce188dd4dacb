using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Omnia.Vad;

namespace Omnia.Engines.Onnx.Vad;

/// <summary>The Silero VAD (v5/v6 graph) loaded on ONNX Runtime, handing out one classifier per audio stream.</summary>
/// <remarks>
/// One <see cref="InferenceSession"/> serves every stream: ONNX Runtime runs it concurrently, and each stream keeps its
/// own recurrent state and context. A frame costs well under a millisecond, so a run uses one thread. Dispose only after
/// every stream created from it is done.
/// </remarks>
public sealed class SileroVad : IVoiceActivityModelFactory, IDisposable
{
    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private volatile bool _disposed;

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

        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(ModelPath, _sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            _sessionOptions.Dispose();
            throw new InvalidDataException($"'{ModelPath}' is not a loadable ONNX model: {ex.Message}", ex);
        }

        try
        {
            CheckGraph(_session, ModelPath);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SileroVadStream(_session, InputNames, OutputNames, sampleRate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    private static void CheckGraph(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var fits =
            inputs.Count == InputNames.Length && outputs.Count == OutputNames.Length
            && inputs.TryGetValue("input", out var input) && input.ElementDataType == TensorElementType.Float && input.Dimensions.Length == 2
            && inputs.TryGetValue("state", out var state) && state.ElementDataType == TensorElementType.Float
                && state.Dimensions is [2, _, SileroVadStream.StateWidth]
            && inputs.TryGetValue("sr", out var sr) && sr.ElementDataType == TensorElementType.Int64
            && outputs.TryGetValue("output", out var output) && output.ElementDataType == TensorElementType.Float
            && outputs.TryGetValue("stateN", out var stateN) && stateN.ElementDataType == TensorElementType.Float;
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
