using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Engines.Whisper.Tests;

/// <summary>Whisper.net's real native runtime, loaded without any weights.</summary>
public sealed class WhisperRuntimeTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void The_native_runtime_loads_and_describes_the_cpu_it_runs_on()
    {
        var description = WhisperRuntime.Describe();

        Assert.Contains("CPU", description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_language_table_matches_the_native_library()
    {
        WhisperRuntime.Describe();

        var native = global::Whisper.net.WhisperFactory.GetSupportedLanguages().ToList();

        // Whisper.net lists the 99 languages of the original models; large-v3 added Cantonese ("yue") as the 100th.
        Assert.Equal(native.Append("yue").Order(StringComparer.Ordinal), WhisperLanguages.Codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_well_formed_file_whisper_cpp_refuses_is_reported_by_name()
    {
        // The layout and tensor count are valid, so the check passes and whisper.cpp's own loader runs — and finds a
        // tensor it does not know.
        var writer = new GgmlWhisperFileWriter { VocabularySize = 51864 };
        var tensors = writer.WhisperTensors();
        tensors[^1] = ("not.a.whisper.tensor", tensors[^1].Type, tensors[^1].Shape);
        var path = new GgmlWhisperFileWriter { VocabularySize = 51864, Tensors = tensors }.WriteTo(directory.Path, "ggml-foreign.bin");

        var error = Assert.Throws<InvalidModelFileException>(() => new WhisperSpeechToTextClient(path));

        Assert.Equal(path, error.Path);
        Assert.Contains("whisper.cpp could not load it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Junk_never_reaches_the_native_loader()
    {
        var junk = new byte[1 << 16];
        new Random(7).NextBytes(junk);
        var path = directory.File("ggml-base.bin", junk);

        var error = Assert.Throws<InvalidModelFileException>(() => new WhisperSpeechToTextClient(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a whisper.cpp ggml model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_checked_before_the_file()
    {
        var missing = Path.Combine(directory.Path, "ggml-none.bin");

        Assert.Throws<ArgumentOutOfRangeException>(() => new WhisperSpeechToTextClient(missing, new() { MaxConcurrentRequests = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WhisperSpeechToTextClient(missing, new() { MaxQueuedRequests = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WhisperSpeechToTextClient(missing, new() { Threads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WhisperSpeechToTextClient(missing, new() { MaxAudioDuration = TimeSpan.Zero }));
        Assert.Throws<InvalidModelFileException>(() => new WhisperSpeechToTextClient(missing));
    }

    public void Dispose() => directory.Dispose();
}
