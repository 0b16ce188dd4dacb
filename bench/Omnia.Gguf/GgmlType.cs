namespace Omnia.Gguf;

/// <summary>The tensor data types this library can write, with ggml's numbers for them.</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q8_0 = 8,
}
