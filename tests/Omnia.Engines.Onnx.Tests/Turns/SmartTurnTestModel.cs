using Omnia.Tests;

namespace Omnia.Engines.Onnx.Tests.Turns;

/// <summary>
/// A model written for tests with Smart Turn v3's signature — <c>input_features</c> [batch_size, 80, 800] float in,
/// <c>logits</c> [batch_size, 1] float out — whose output is sigmoid(<see cref="Weight"/> · mean(features) +
/// <see cref="Bias"/>), so a test knows which probability a given input must give.
/// </summary>
internal sealed class SmartTurnTestModel : IDisposable
{
    public const float Weight = 0.5f;
    public const float Bias = 1f;

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("omnia-smart-turn-");

    public SmartTurnTestModel()
    {
        ModelPath = Path.Combine(directory.FullName, "smart-turn-test.onnx");
        var graph = new OnnxGraph()
            .Input("input_features", OnnxGraph.Float, "batch_size", 80, 800)
            .Constant("weight", Weight)
            .Constant("bias", Bias)
            .Node("Flatten", ["input_features"], "flat", ("axis", 1))
            .Node("ReduceMean", ["flat"], "mean")
            .Node("Mul", ["mean", "weight"], "scaled")
            .Node("Add", ["scaled", "bias"], "shifted")
            .Node("Sigmoid", ["shifted"], "logits")
            .Output("logits", OnnxGraph.Float, "batch_size", 1);
        File.WriteAllBytes(ModelPath, graph.ToModel());
    }

    public string ModelPath { get; }

    /// <summary>The probability the model gives for features whose mean is <paramref name="meanFeature"/>.</summary>
    public static double Expected(double meanFeature) => 1 / (1 + Math.Exp(-(Weight * meanFeature + Bias)));

    /// <summary>Writes other bytes at a path of this directory, for broken model files.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => directory.Delete(recursive: true);
}
