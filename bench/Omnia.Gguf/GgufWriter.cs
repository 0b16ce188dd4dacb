using System.Text;

namespace Omnia.Gguf;

/// <summary>Builds a GGUF v3 file: metadata key/values, tensor infos, then aligned tensor data.</summary>
/// <remarks>
/// Metadata keeps insertion order (setting a key again replaces its value in place). Tensor data is pulled
/// row by row from each tensor's <see cref="GgufRowSource"/> while <see cref="WriteTo(Stream)"/> runs, so
/// multi-gigabyte models are written with one row in memory. Not thread-safe.
/// </remarks>
public sealed class GgufWriter
{
    /// <summary>The alignment GGUF readers assume when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    // ggml keeps tensor names in a 64-byte buffer that includes the terminating zero.
    private const int MaxTensorNameBytes = 63;
    private const int MaxDimensions = 4;
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const uint Version = 3;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<(GgufTensorInfo Info, GgufRowSource Rows)> _tensors = [];
    private readonly int _alignment;
    private long _dataBytes;

    /// <param name="alignment">Tensor data alignment in bytes; any value but 32 is recorded as <c>general.alignment</c>.</param>
    public GgufWriter(int alignment = DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Alignment must be a positive power of two.");
        }

        _alignment = alignment;
        if (alignment != DefaultAlignment)
        {
            Set("general.alignment", GgufValue.UInt32((uint)alignment));
        }
    }

    /// <summary>The metadata set so far, in the order it will be written.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => _metadata;

    /// <summary>The tensors added so far, with the data offsets they will be written at.</summary>
    public IEnumerable<GgufTensorInfo> Tensors => _tensors.Select(t => t.Info);

    /// <summary>Sets a metadata key, replacing an earlier value of the same key.</summary>
    public GgufWriter Set(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == "general.alignment" && (value.Type != GgufValueType.UInt32 || value.AsUInt32() != _alignment))
        {
            throw new ArgumentException(
                $"general.alignment follows the writer's alignment ({_alignment}); pass the alignment to the constructor.", nameof(value));
        }

        var index = _metadata.FindIndex(kv => kv.Key == key);
        if (index >= 0)
        {
            _metadata[index] = new(key, value);
        }
        else
        {
            _metadata.Add(new(key, value));
        }

        return this;
    }

    /// <summary>Adds a tensor whose rows are produced by <paramref name="rows"/> while the file is written.</summary>
    /// <param name="shape">ggml's order: <c>shape[0]</c> is the row length.</param>
    public GgufWriter AddTensor(string name, GgmlType type, IReadOnlyList<long> shape, GgufRowSource rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ValidateName(name);
        if (_tensors.Exists(t => t.Info.Name == name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is 0 or > MaxDimensions || shape.Any(d => d <= 0))
        {
            throw new ArgumentException(
                $"Tensor '{name}' needs 1 to {MaxDimensions} positive dimensions; got [{string.Join(", ", shape)}].",
                nameof(shape));
        }

        var info = new GgufTensorInfo(name, type, shape.ToArray(), _dataBytes);
        long bytes;
        try
        {
            bytes = info.ByteCount;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Tensor '{name}': {e.Message}", nameof(shape), e);
        }

        _tensors.Add((info, rows));
        _dataBytes += Align(bytes);
        return this;
    }

    /// <summary>Adds a tensor from values already in memory (row-major, <c>shape[0]</c> fastest).</summary>
    public GgufWriter AddTensor(string name, GgmlType type, IReadOnlyList<long> shape, ReadOnlyMemory<float> values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (values.Length != count)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of shape [{string.Join(", ", shape)}] needs {count} values; got {values.Length}.",
                nameof(values));
        }

        var rowLength = (int)shape[0];
        return AddTensor(name, type, shape, (row, span) => values.Span.Slice((int)(row * rowLength), rowLength).CopyTo(span));
    }

    /// <summary>Writes the file to <paramref name="path"/> through a temporary file, so a partial file never appears.</summary>
    public void WriteTo(string path)
    {
        var temporary = path + ".partial";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                WriteTo(file);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the whole file to <paramref name="output"/>.</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // The header goes through memory first: its length decides where the aligned data section begins.
        using var header = new MemoryStream();
        using (var headerWriter = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            WriteHeader(headerWriter);
        }

        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(header.GetBuffer(), 0, (int)header.Length);
        var position = Pad(writer, header.Length);
        foreach (var (info, rows) in _tensors)
        {
            position += WriteTensorData(writer, info, rows);
            position = Pad(writer, position);
        }

        writer.Flush();
    }

    private void WriteHeader(BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value);
        }

        foreach (var (info, _) in _tensors)
        {
            WriteString(writer, info.Name);
            writer.Write((uint)info.Shape.Count);
            foreach (var dimension in info.Shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write((uint)info.Type);
            writer.Write((ulong)info.Offset);
        }
    }

    private static long WriteTensorData(BinaryWriter writer, GgufTensorInfo info, GgufRowSource rows)
    {
        var values = new float[info.RowLength];
        var encoded = new byte[GgmlRowCodec.RowByteCount(info.Type, info.RowLength)];
        for (long row = 0; row < info.RowCount; row++)
        {
            rows(row, values);
            GgmlRowCodec.Encode(info.Type, values, encoded);
            writer.Write(encoded);
        }

        return encoded.LongLength * info.RowCount;
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        if (value.Type != GgufValueType.Array)
        {
            WriteScalar(writer, value.Type, value.Value);
            return;
        }

        var array = (Array)value.Value;
        writer.Write((uint)value.ElementType);
        writer.Write((ulong)array.Length);
        foreach (var element in array)
        {
            WriteScalar(writer, value.ElementType, element);
        }
    }

    private static void WriteScalar(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            case GgufValueType.Bool: writer.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            default: throw new GgufFormatException($"GGUF value type {type} cannot be written as a scalar.");
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than ggml's {MaxTensorNameBytes} bytes.", nameof(name));
        }
    }

    private long Align(long position) => (position + _alignment - 1) / _alignment * _alignment;

    private long Pad(BinaryWriter writer, long position)
    {
        var aligned = Align(position);
        for (var i = position; i < aligned; i++)
        {
            writer.Write((byte)0);
        }

        return aligned;
    }
}
