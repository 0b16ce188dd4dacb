using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Omnia.Errors;
using Omnia.Models;
using Omnia.Turns;

namespace Omnia.Engines.Onnx.Turns;

/// <summary>
/// Pipecat's Smart Turn v3 on ONNX Runtime: a Whisper-tiny encoder with a classifier head that hears, in the last 8 s
/// of an utterance, whether the speaker has finished (intonation, pace, grammar), in 23 languages.
/// </summary>
/// <remarks>
/// <para>
/// The graph's contract (pipecat-ai/smart-turn <c>train.py</c>'s export, read by its <c>inference.py</c> and by
/// Pipecat's <c>LocalSmartTurnAnalyzerV3</c>): one float input <c>input_features</c> of shape [batch, 80, 800], the
/// <see cref="WhisperLogMel"/> features; one float output [batch, 1], named <c>logits</c> but already passed through a
/// sigmoid, so it is the probability that the turn is complete (Pipecat calls it complete above 0.5). The output is
/// read by position, as upstream reads it. The transcript and the language are not used.
/// </para>
/// <para>
/// Thread-safe: one <see cref="InferenceSession"/> serves every call (ONNX Runtime runs it concurrently), and each
/// call rents its own feature buffer, so memory stays bounded by the number of calls in flight. A call runs on the
/// thread pool (about 12 ms of CPU for the int8 model, Pipecat's figure) and is terminated by cancellation. Each call
/// holds the session open, so disposing while calls run frees the weights only when the last one returns; calls after
/// disposal throw <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class SmartTurnEndOfTurnModel : IEndOfTurnModel, IDisposable
{
    /// <summary>The graph's input: the log-mel features.</summary>
    public const string FeaturesInput = "input_features";

    private static readonly long[] FeaturesShape = [1, WhisperLogMel.MelBins, WhisperLogMel.Frames];

    private readonly SharedInferenceSession _shared;
    private readonly string _outputName;

    /// <summary>Loads the model file.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file (the catalog's <c>smart-turn-v3</c>).</param>
    /// <param name="threads">Threads one call may use; Pipecat's default is 1.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelFileException">The file is not an ONNX model, or not Smart Turn's graph.</exception>
    public SmartTurnEndOfTurnModel(string modelPath, int threads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"The Smart Turn model file '{ModelPath}' does not exist.", ModelPath);
        }

        // Pipecat's session settings: sequential, one inter-op thread, every graph optimisation.
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _shared = new SharedInferenceSession(new InferenceSession(ModelPath, sessionOptions), sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new InvalidModelFileException(ModelPath, $"ONNX Runtime cannot load it: {e.Message}", e);
        }

        try
        {
            _outputName = CheckGraph(_shared.Session, ModelPath);
        }
        catch
        {
            _shared.Close();
            throw;
        }
    }

    /// <summary>Gets the full path of the loaded model file.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    public ValueTask<double> ScoreAsync(EndOfTurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new(Task.Run(() => Score(input.Audio.Span, cancellationToken), cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose() => _shared.Close();

    private double Score(ReadOnlySpan<float> audio, CancellationToken cancellationToken)
    {
        _shared.Hold(this);
        var features = ArrayPool<float>.Shared.Rent(WhisperLogMel.FeatureCount);
        try
        {
            WhisperLogMel.Compute(audio, features);
            cancellationToken.ThrowIfCancellationRequested();
            using var runOptions = new RunOptions();
            using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
            using var tensor = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, features.AsMemory(0, WhisperLogMel.FeatureCount), FeaturesShape);
            using var outputs = _shared.Session.Run(runOptions, [FeaturesInput], [tensor], [_outputName]);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            var probability = values.IsEmpty ? float.NaN : values[0];
            return float.IsFinite(probability)
                ? Math.Clamp(probability, 0, 1)
                : throw new EngineFailedException($"Smart Turn model '{ModelPath}' returned {probability}, not a probability.");
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EngineFailedException($"Smart Turn model '{ModelPath}' failed: {e.Message}", e);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
            _shared.Release();
        }
    }

    private static string CheckGraph(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var fits =
            inputs.Count == 1
            && inputs.TryGetValue(FeaturesInput, out var features)
                && features.ElementDataType == TensorElementType.Float
                && features.Dimensions is [< 2, WhisperLogMel.MelBins, WhisperLogMel.Frames]
            && outputs.Count == 1
                && outputs.First().Value.ElementDataType == TensorElementType.Float;
        if (!fits)
        {
            throw new InvalidModelFileException(path,
                $"not a Smart Turn v3 graph: expected the input {FeaturesInput}[batch,{WhisperLogMel.MelBins},{WhisperLogMel.Frames}] "
                + $"float and one float output (the probability); found inputs {Describe(inputs)} and outputs {Describe(outputs)}.");
        }
        return outputs.First().Key;
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key}[{string.Join(",", n.Value.Dimensions)}] {n.Value.ElementDataType}"));
}
