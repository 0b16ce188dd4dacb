namespace Omnia.Gguf;

/// <summary>One typed GGUF metadata value: a scalar, a string, or an array of one of those.</summary>
/// <remarks>
/// Scalars are held boxed and arrays as the matching CLR array (<c>string[]</c>, <c>float[]</c>, <c>int[]</c>, ...),
/// so a value read from one file can be written to another unchanged. Arrays of arrays are not supported.
/// </remarks>
public sealed class GgufValue
{
    private GgufValue(GgufValueType type, GgufValueType elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        Value = value;
    }

    /// <summary>The value's type; <see cref="GgufValueType.Array"/> for arrays.</summary>
    public GgufValueType Type { get; }

    /// <summary>For an array, the type of its elements; otherwise the same as <see cref="Type"/>.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>The boxed scalar, the string, or the CLR array.</summary>
    public object Value { get; }

    public static GgufValue UInt8(byte value) => new(GgufValueType.UInt8, GgufValueType.UInt8, value);

    public static GgufValue Int8(sbyte value) => new(GgufValueType.Int8, GgufValueType.Int8, value);

    public static GgufValue UInt16(ushort value) => new(GgufValueType.UInt16, GgufValueType.UInt16, value);

    public static GgufValue Int16(short value) => new(GgufValueType.Int16, GgufValueType.Int16, value);

    public static GgufValue UInt32(uint value) => new(GgufValueType.UInt32, GgufValueType.UInt32, value);

    public static GgufValue Int32(int value) => new(GgufValueType.Int32, GgufValueType.Int32, value);

    public static GgufValue UInt64(ulong value) => new(GgufValueType.UInt64, GgufValueType.UInt64, value);

    public static GgufValue Int64(long value) => new(GgufValueType.Int64, GgufValueType.Int64, value);

    public static GgufValue Float32(float value) => new(GgufValueType.Float32, GgufValueType.Float32, value);

    public static GgufValue Float64(double value) => new(GgufValueType.Float64, GgufValueType.Float64, value);

    public static GgufValue Bool(bool value) => new(GgufValueType.Bool, GgufValueType.Bool, value);

    public static GgufValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, GgufValueType.String, value);
    }

    /// <summary>An array value; the element type follows from the CLR array (<c>float[]</c> → Float32, ...).</summary>
    public static GgufValue Array(System.Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var elementType = ElementTypeOf(values.GetType().GetElementType()!);
        if (values is string?[] strings && strings.Contains(null))
        {
            throw new ArgumentException("A GGUF string array cannot hold null.", nameof(values));
        }

        return new(GgufValueType.Array, elementType, values);
    }

    public string AsString() => As<string>(GgufValueType.String);

    public uint AsUInt32() => As<uint>(GgufValueType.UInt32);

    public int AsInt32() => As<int>(GgufValueType.Int32);

    public float AsFloat32() => As<float>(GgufValueType.Float32);

    public bool AsBool() => As<bool>(GgufValueType.Bool);

    /// <summary>The elements of an array value whose element type is <typeparamref name="T"/>.</summary>
    public T[] AsArray<T>()
    {
        if (Type != GgufValueType.Array || Value is not T[] array)
        {
            throw new InvalidOperationException(
                $"GGUF value is {Describe()}, not an array of {typeof(T).Name}.");
        }

        return array;
    }

    /// <summary>The integer value of any integer-typed scalar, widened to <see cref="long"/>.</summary>
    public long AsInteger() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        _ => throw new InvalidOperationException($"GGUF value is {Describe()}, not an integer."),
    };

    public override string ToString() => Type == GgufValueType.Array
        ? $"[{ElementType} x {((System.Array)Value).Length}]"
        : Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    internal static GgufValueType ElementTypeOf(Type clrType) => clrType switch
    {
        _ when clrType == typeof(byte) => GgufValueType.UInt8,
        _ when clrType == typeof(sbyte) => GgufValueType.Int8,
        _ when clrType == typeof(ushort) => GgufValueType.UInt16,
        _ when clrType == typeof(short) => GgufValueType.Int16,
        _ when clrType == typeof(uint) => GgufValueType.UInt32,
        _ when clrType == typeof(int) => GgufValueType.Int32,
        _ when clrType == typeof(ulong) => GgufValueType.UInt64,
        _ when clrType == typeof(long) => GgufValueType.Int64,
        _ when clrType == typeof(float) => GgufValueType.Float32,
        _ when clrType == typeof(double) => GgufValueType.Float64,
        _ when clrType == typeof(bool) => GgufValueType.Bool,
        _ when clrType == typeof(string) => GgufValueType.String,
        _ => throw new ArgumentException($"GGUF arrays cannot hold elements of type {clrType.Name}."),
    };

    private T As<T>(GgufValueType expected)
    {
        if (Type != expected)
        {
            throw new InvalidOperationException($"GGUF value is {Describe()}, not {expected}.");
        }

        return (T)Value;
    }

    private string Describe() => Type == GgufValueType.Array ? $"an array of {ElementType}" : Type.ToString();
}
