using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Omnia.Engines.Onnx.Diffusion;

/// <summary>
/// Tensors in whatever element type a graph declares: exports differ (Optimum's fp32 graphs take int32 ids and an int64
/// timestep; Olive's fp16 graphs take float16 latents), so values are made from the session's metadata, not assumed.
/// </summary>
internal static class TensorValues
{
    public static OrtValue Create(ReadOnlySpan<float> values, long[] shape, TensorElementType type) => type switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(ToHalf(values), shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(ToIntegers<long>(values), shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(ToIntegers<int>(values), shape),
        _ => throw new InvalidDataException($"The graph takes {type} where Omnia gives float, float16, int32 or int64."),
    };

    /// <summary>A float or float16 output as floats.</summary>
    public static float[] Read(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
        TensorElementType.Float16 => FromHalf(value.GetTensorDataAsSpan<Float16>()),
        var other => throw new InvalidDataException($"The graph gives {other} where Omnia reads float or float16."),
    };

    private static Float16[] ToHalf(ReadOnlySpan<float> values)
    {
        var half = new Float16[values.Length];
        for (var i = 0; i < values.Length; i++) half[i] = (Float16)values[i];
        return half;
    }

    private static float[] FromHalf(ReadOnlySpan<Float16> values)
    {
        var floats = new float[values.Length];
        for (var i = 0; i < values.Length; i++) floats[i] = values[i].ToFloat();
        return floats;
    }

    private static T[] ToIntegers<T>(ReadOnlySpan<float> values) where T : System.Numerics.INumber<T>
    {
        var integers = new T[values.Length];
        for (var i = 0; i < values.Length; i++) integers[i] = T.CreateChecked(MathF.Round(values[i]));
        return integers;
    }
}
