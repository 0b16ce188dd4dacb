using System.Text;

namespace Omnia.Gguf;

/// <summary>The header of a GGUF file: its version, metadata and tensor infos (tensor data is not read).</summary>
public sealed class GgufFile
{
    private const uint Magic = 0x46554747;

    // Bounds that keep a corrupt or hostile header from allocating without limit.
    private const long MaxEntries = 1 << 24;
    private const long MaxStringBytes = 1 << 26;

    private GgufFile(
        uint version, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata, IReadOnlyList<GgufTensorInfo> tensors, long headerBytes)
    {
        Version = version;
        MetadataInOrder = metadata;
        Metadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Tensors = tensors;
        Alignment = Metadata.TryGetValue("general.alignment", out var alignment) ? (int)alignment.AsInteger() : GgufWriter.DefaultAlignment;
        if (Alignment <= 0 || (Alignment & (Alignment - 1)) != 0)
        {
            throw new GgufFormatException($"general.alignment must be a positive power of two; got {Alignment}.");
        }

        DataOffset = (headerBytes + Alignment - 1) / Alignment * Alignment;
    }

    public uint Version { get; }

    /// <summary>The metadata by key.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>The metadata in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> MetadataInOrder { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Alignment of the tensor data (<c>general.alignment</c>, 32 when absent).</summary>
    public int Alignment { get; }

    /// <summary>Where the data section starts, from the start of the file; tensor offsets count from here.</summary>
    public long DataOffset { get; }

    /// <summary>Reads the header of the GGUF file at <paramref name="path"/>.</summary>
    public static GgufFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Read(stream);
        }
        catch (GgufFormatException e)
        {
            throw new GgufFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a GGUF header from the current position of a seekable <paramref name="stream"/>.</summary>
    /// <exception cref="GgufFormatException">The stream is not GGUF v2/v3, or a length or type in it is invalid.</exception>
    public static GgufFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("GGUF headers are read from seekable streams (lengths are checked against the size).", nameof(stream));
        }

        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return ReadHeader(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new GgufFormatException("The GGUF header ends before it is complete.", e);
        }
    }

    /// <summary>The metadata entries whose key starts with <paramref name="prefix"/>, in file order.</summary>
    public IEnumerable<KeyValuePair<string, GgufValue>> MetadataWithPrefix(string prefix) =>
        MetadataInOrder.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal));

    private static GgufFile ReadHeader(BinaryReader reader)
    {
        var start = reader.BaseStream.Position;
        var magic = reader.ReadUInt32();
        if (magic != Magic)
        {
            throw new GgufFormatException($"Not a GGUF file (magic 0x{magic:X8}).");
        }

        var version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            throw new GgufFormatException($"GGUF version {version} is not supported (only 2 and 3).");
        }

        var tensorCount = ReadCount(reader, "tensor count");
        var metadataCount = ReadCount(reader, "metadata count");
        var metadata = new List<KeyValuePair<string, GgufValue>>();
        for (long i = 0; i < metadataCount; i++)
        {
            var key = ReadString(reader);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata.Add(new(key, ReadValue(reader, type, key)));
        }

        var tensors = new List<GgufTensorInfo>();
        for (long i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader);
            var dimensions = reader.ReadUInt32();
            if (dimensions is 0 or > 4)
            {
                throw new GgufFormatException($"Tensor '{name}' has {dimensions} dimensions (1 to 4 allowed).");
            }

            var shape = new long[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                shape[d] = ReadSize(reader, $"dimension {d} of tensor '{name}'");
            }

            var type = (GgmlType)reader.ReadUInt32();
            var offset = ReadSize(reader, $"offset of tensor '{name}'");
            tensors.Add(new GgufTensorInfo(name, type, shape, offset));
        }

        return new GgufFile(version, metadata, tensors, reader.BaseStream.Position - start);
    }

    private static GgufValue ReadValue(BinaryReader reader, GgufValueType type, string key)
    {
        if (type != GgufValueType.Array)
        {
            return ReadScalar(reader, type, key);
        }

        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = ReadCount(reader, $"array length of '{key}'");
        Array values = elementType switch
        {
            GgufValueType.UInt8 => new byte[count],
            GgufValueType.Int8 => new sbyte[count],
            GgufValueType.UInt16 => new ushort[count],
            GgufValueType.Int16 => new short[count],
            GgufValueType.UInt32 => new uint[count],
            GgufValueType.Int32 => new int[count],
            GgufValueType.UInt64 => new ulong[count],
            GgufValueType.Int64 => new long[count],
            GgufValueType.Float32 => new float[count],
            GgufValueType.Float64 => new double[count],
            GgufValueType.Bool => new bool[count],
            GgufValueType.String => new string[count],
            _ => throw new GgufFormatException($"Metadata '{key}' is an array of unsupported type {(uint)elementType}."),
        };
        for (long i = 0; i < count; i++)
        {
            values.SetValue(ReadScalar(reader, elementType, key).Value, i);
        }

        return GgufValue.Array(values);
    }

    private static GgufValue ReadScalar(BinaryReader reader, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => GgufValue.UInt8(reader.ReadByte()),
        GgufValueType.Int8 => GgufValue.Int8(reader.ReadSByte()),
        GgufValueType.UInt16 => GgufValue.UInt16(reader.ReadUInt16()),
        GgufValueType.Int16 => GgufValue.Int16(reader.ReadInt16()),
        GgufValueType.UInt32 => GgufValue.UInt32(reader.ReadUInt32()),
        GgufValueType.Int32 => GgufValue.Int32(reader.ReadInt32()),
        GgufValueType.UInt64 => GgufValue.UInt64(reader.ReadUInt64()),
        GgufValueType.Int64 => GgufValue.Int64(reader.ReadInt64()),
        GgufValueType.Float32 => GgufValue.Float32(reader.ReadSingle()),
        GgufValueType.Float64 => GgufValue.Float64(reader.ReadDouble()),
        GgufValueType.Bool => GgufValue.Bool(reader.ReadByte() != 0),
        GgufValueType.String => GgufValue.String(ReadString(reader)),
        _ => throw new GgufFormatException($"Metadata '{key}' has unsupported value type {(uint)type}."),
    };

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > MaxStringBytes || (long)length > Remaining(reader))
        {
            throw new GgufFormatException($"A string length of {length} bytes is beyond the file or the {MaxStringBytes}-byte limit.");
        }

        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != (int)length)
        {
            throw new EndOfStreamException();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static long ReadCount(BinaryReader reader, string what)
    {
        var value = reader.ReadUInt64();
        // Every counted entry takes at least one byte, so a count beyond the bytes left is corrupt.
        var limit = Math.Min(MaxEntries, Math.Max(Remaining(reader), 0));
        if (value > (ulong)limit)
        {
            throw new GgufFormatException($"The {what} ({value}) is larger than the file allows ({limit}).");
        }

        return (long)value;
    }

    private static long ReadSize(BinaryReader reader, string what)
    {
        var value = reader.ReadUInt64();
        if (value > long.MaxValue)
        {
            throw new GgufFormatException($"The {what} ({value}) is out of range.");
        }

        return (long)value;
    }

    private static long Remaining(BinaryReader reader) => reader.BaseStream.Length - reader.BaseStream.Position;
}
