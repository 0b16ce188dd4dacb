using System.Text;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// The parts of a projector (<c>mmproj</c>) GGUF header that decide whether libmtmd can load it safely: scalar
/// metadata with its stored type, which arrays exist, and the tensors' shapes. Tensor data is not read.
/// </summary>
internal sealed class ProjectorHeader
{
    private const uint Magic = 0x46554747; // "GGUF" as a little-endian uint32

    // Bounds that keep a corrupt or hostile header from allocating without limit.
    private const ulong MaxEntries = 1 << 20;
    private const ulong MaxStringBytes = 1 << 20;

    private ProjectorHeader(Dictionary<string, (GgufType Type, object? Value)> metadata, Dictionary<string, long[]> tensors)
    {
        Metadata = metadata;
        Tensors = tensors;
    }

    /// <summary>Scalars with their value, arrays with their element count; strings, bools and numbers as read.</summary>
    public IReadOnlyDictionary<string, (GgufType Type, object? Value)> Metadata { get; }

    /// <summary>Tensor shapes by name, in ggml's order (<c>[0]</c> is the row length).</summary>
    public IReadOnlyDictionary<string, long[]> Tensors { get; }

    public string? String(string key) => Metadata.TryGetValue(key, out var v) && v.Type == GgufType.String ? (string)v.Value! : null;

    public bool Bool(string key) => Metadata.TryGetValue(key, out var v) && v.Type == GgufType.Bool && (bool)v.Value!;

    public long? Integer(string key) => Metadata.TryGetValue(key, out var v) && v.Value is long l ? l : null;

    /// <exception cref="InvalidDataException">The file is not a GGUF file or its header is corrupt.</exception>
    public static ProjectorHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
                throw new InvalidDataException($"'{path}' is not a GGUF file.");
            var version = reader.ReadUInt32();
            if (version is not (2 or 3))
                throw new InvalidDataException($"'{path}' is GGUF version {version}; versions 2 and 3 are supported.");

            var tensorCount = Count(reader.ReadUInt64());
            var metadataCount = Count(reader.ReadUInt64());
            var metadata = new Dictionary<string, (GgufType, object?)>(StringComparer.Ordinal);
            for (var i = 0; i < metadataCount; i++)
            {
                var key = ReadString(reader);
                var type = (GgufType)reader.ReadUInt32();
                metadata[key] = type == GgufType.Array ? (type, ReadArrayLength(reader)) : (type, ReadScalar(reader, type));
            }

            var tensors = new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var i = 0; i < tensorCount; i++)
            {
                var name = ReadString(reader);
                var dims = reader.ReadUInt32();
                if (dims is 0 or > 4) throw new InvalidDataException($"Tensor '{name}' has {dims} dimensions.");
                var shape = new long[dims];
                for (var d = 0; d < dims; d++) shape[d] = (long)Math.Min(reader.ReadUInt64(), long.MaxValue);
                reader.ReadUInt32(); // type
                reader.ReadUInt64(); // offset
                tensors[name] = shape;
            }

            return new ProjectorHeader(metadata, tensors);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' ends inside its GGUF header.", e);
        }
    }

    private static int Count(ulong count) =>
        count <= MaxEntries ? (int)count : throw new InvalidDataException($"The GGUF header declares {count} entries.");

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > MaxStringBytes) throw new InvalidDataException($"The GGUF header declares a {length}-byte string.");
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    private static object? ReadScalar(BinaryReader reader, GgufType type) => type switch
    {
        GgufType.UInt8 => (long)reader.ReadByte(),
        GgufType.Int8 => (long)reader.ReadSByte(),
        GgufType.UInt16 => (long)reader.ReadUInt16(),
        GgufType.Int16 => (long)reader.ReadInt16(),
        GgufType.UInt32 => (long)reader.ReadUInt32(),
        GgufType.Int32 => (long)reader.ReadInt32(),
        GgufType.UInt64 => (long)Math.Min(reader.ReadUInt64(), long.MaxValue),
        GgufType.Int64 => reader.ReadInt64(),
        GgufType.Float32 => (double)reader.ReadSingle(),
        GgufType.Float64 => reader.ReadDouble(),
        GgufType.Bool => reader.ReadByte() != 0,
        GgufType.String => ReadString(reader),
        _ => throw new InvalidDataException($"Unknown GGUF value type {(uint)type}."),
    };

    /// <summary>Skips an array's elements and returns how many there were.</summary>
    private static long ReadArrayLength(BinaryReader reader)
    {
        var elementType = (GgufType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        if (count > MaxEntries * 16) throw new InvalidDataException($"The GGUF header declares a {count}-element array.");
        var size = elementType switch
        {
            GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
            GgufType.UInt16 or GgufType.Int16 => 2,
            GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
            GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
            GgufType.String => 0,
            _ => throw new InvalidDataException($"Unsupported GGUF array element type {(uint)elementType}."),
        };
        if (size == 0)
        {
            for (ulong i = 0; i < count; i++) ReadString(reader);
        }
        else
        {
            reader.BaseStream.Seek((long)count * size, SeekOrigin.Current);
            if (reader.BaseStream.Position > reader.BaseStream.Length) throw new EndOfStreamException();
        }
        return (long)count;
    }
}
