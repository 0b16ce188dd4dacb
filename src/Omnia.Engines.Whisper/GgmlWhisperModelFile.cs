using System.Text;
using Omnia.Models;

namespace Omnia.Engines.Whisper;

/// <summary>The header of a whisper.cpp ggml model file, read and checked before the native loader sees the file.</summary>
/// <remarks>
/// whisper.cpp aborts the process or reads past the end on some malformed files, so this walks the whole layout —
/// magic, hyper-parameters, mel filters, vocabulary and every tensor record — seeking over tensor data without reading
/// it, and refuses a file whose records do not add up to its length. It costs a few hundred small reads.
/// </remarks>
internal sealed record GgmlWhisperModelFile(int VocabularySize, int AudioLayers, int TextLayers, int MelBands, int TensorCount)
{
    private const uint GgmlMagic = 0x67676d6c;
    private const int MultilingualVocabularySize = 51865;
    private const int MaxDimension = 1 << 24;
    private const int MaxTensorNameLength = 1024;
    private const int MaxTokenLength = 1024;

    /// <summary>Whether the model knows every Whisper language (and can translate), rather than English only.</summary>
    public bool IsMultilingual => VocabularySize >= MultilingualVocabularySize;

    /// <summary>The codes of the languages the model knows: as whisper.cpp counts them, one per vocabulary entry past
    /// the 51765 text and special tokens — 99, or 100 (with Cantonese) for large-v3.</summary>
    public IReadOnlyList<string> Languages => IsMultilingual
        ? [.. WhisperLanguages.Codes.Take(Math.Clamp(VocabularySize - 51765 - 1, 1, WhisperLanguages.Codes.Count))]
        : ["en"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="InvalidModelFileException">The file is missing, unreadable, truncated or not a whisper ggml model.</exception>
    public static GgmlWhisperModelFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new InvalidModelFileException(path, "the file does not exist.");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            return Read(path, reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidModelFileException(path, "the file is truncated (it ends inside its header or vocabulary).", e);
        }
        catch (IOException e)
        {
            throw new InvalidModelFileException(path, $"the file cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidModelFileException(path, $"the file cannot be read: {e.Message}", e);
        }
    }

    private static GgmlWhisperModelFile Read(string path, BinaryReader reader)
    {
        var length = reader.BaseStream.Length;
        if (length < 4 || reader.ReadUInt32() != GgmlMagic)
        {
            throw new InvalidModelFileException(path,
                "it is not a whisper.cpp ggml model (the file does not start with the ggml magic); download a ggml-*.bin Whisper model.");
        }
        var vocabulary = Positive(path, reader.ReadInt32(), "n_vocab");
        Positive(path, reader.ReadInt32(), "n_audio_ctx");
        Positive(path, reader.ReadInt32(), "n_audio_state");
        Positive(path, reader.ReadInt32(), "n_audio_head");
        var audioLayers = Positive(path, reader.ReadInt32(), "n_audio_layer");
        Positive(path, reader.ReadInt32(), "n_text_ctx");
        Positive(path, reader.ReadInt32(), "n_text_state");
        Positive(path, reader.ReadInt32(), "n_text_head");
        var textLayers = Positive(path, reader.ReadInt32(), "n_text_layer");
        var mels = Positive(path, reader.ReadInt32(), "n_mels");
        reader.ReadInt32(); // ftype: the tensors carry their own types, checked below.

        var filterMels = Positive(path, reader.ReadInt32(), "filters.n_mel");
        var filterFft = Positive(path, reader.ReadInt32(), "filters.n_fft");
        Skip(path, reader, (long)filterMels * filterFft * sizeof(float), "mel filters");

        var tokens = reader.ReadInt32();
        if (tokens < 0 || tokens > vocabulary)
        {
            throw new InvalidModelFileException(path, $"its vocabulary holds {tokens} tokens, outside 0–{vocabulary}.");
        }
        var hasBlank = false;
        for (var i = 0; i < tokens; i++)
        {
            var tokenLength = reader.ReadUInt32();
            if (tokenLength > MaxTokenLength)
            {
                throw new InvalidModelFileException(path, $"vocabulary token {i} claims {tokenLength} bytes; the file is corrupt.");
            }
            if (tokenLength == 1)
            {
                hasBlank |= reader.ReadByte() == (byte)' ';
            }
            else
            {
                Skip(path, reader, tokenLength, "vocabulary");
            }
        }
        // whisper.cpp looks the blank token up by text while decoding and aborts the process when it is missing.
        if (!hasBlank)
        {
            throw new InvalidModelFileException(path, "its vocabulary lacks the blank token \" \" that whisper.cpp needs; the file is corrupt or not a Whisper model.");
        }

        var tensors = 0;
        while (reader.BaseStream.Position < length)
        {
            ReadTensor(path, reader, tensors);
            tensors++;
        }
        // whisper.cpp refuses a model that lacks any tensor; a file cut at a record boundary is caught here.
        var expected = ExpectedTensorCount(audioLayers, textLayers);
        if (tensors < expected)
        {
            throw new InvalidModelFileException(path, $"the file is truncated: it holds {tensors} of the {expected} tensors a Whisper model with these sizes has.");
        }
        return new GgmlWhisperModelFile(vocabulary, audioLayers, textLayers, mels, tensors);
    }

    // Encoder: positional embedding, two convolutions with biases, final norm; decoder: positional and token
    // embeddings, final norm. Each encoder block has 15 tensors; each decoder block those and 9 for cross-attention.
    private static int ExpectedTensorCount(int audioLayers, int textLayers) => 7 + 4 + 15 * audioLayers + 24 * textLayers;

    private static void ReadTensor(string path, BinaryReader reader, int index)
    {
        var dimensions = reader.ReadInt32();
        var nameLength = reader.ReadInt32();
        var type = reader.ReadInt32();
        if (dimensions is < 1 or > 4 || nameLength is < 1 or > MaxTensorNameLength)
        {
            throw new InvalidModelFileException(path, $"tensor record {index} is malformed ({dimensions} dimensions, a {nameLength}-byte name); the file is corrupt.");
        }
        long elements = 1;
        for (var d = 0; d < dimensions; d++)
        {
            var size = reader.ReadInt32();
            if (size is < 1 or > MaxDimension)
            {
                throw new InvalidModelFileException(path, $"tensor record {index} has a dimension of {size}; the file is corrupt.");
            }
            elements *= size;
        }
        var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
        if (!GgmlTensorTypes.TryGetByteCount(type, elements, out var bytes))
        {
            throw new InvalidModelFileException(path, $"tensor '{name}' has ggml type {type}, which whisper.cpp models do not use.");
        }
        Skip(path, reader, bytes, $"tensor '{name}'");
    }

    private static void Skip(string path, BinaryReader reader, long bytes, string what)
    {
        var stream = reader.BaseStream;
        if (bytes > stream.Length - stream.Position)
        {
            throw new InvalidModelFileException(path,
                $"the file is truncated: {what} needs {bytes} bytes at offset {stream.Position}, but the file is {stream.Length} bytes long.");
        }
        stream.Seek(bytes, SeekOrigin.Current);
    }

    private static int Positive(string path, int value, string name) => value > 0 && value <= MaxDimension
        ? value
        : throw new InvalidModelFileException(path, $"its hyper-parameter {name} is {value}; the file is corrupt or not a Whisper model.");
}
