namespace Omnia.Gguf;

/// <summary>The hyper-parameters of a Whisper-style audio projector (two convolutions, a transformer, a projection).</summary>
/// <param name="ProjectorType">llama.cpp's name for the projection: <c>qwen2a</c> (one linear layer) or <c>ultravox</c>
/// (frame stacking, then a SwiGLU MLP).</param>
/// <param name="PositionCount">Rows of the position embedding; llama.cpp pads audio to 30 s chunks, which take 1500.</param>
/// <param name="StackFactor">Frames stacked into one before the ultravox projection (unused by qwen2a).</param>
/// <param name="OutputLength">Width of the projector's output: must equal the language model's embedding length.</param>
public sealed record ClipAudioShape(
    string ProjectorType,
    int MelBinCount,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int FeedForwardLength,
    int PositionCount,
    int StackFactor,
    int ProjectorHiddenLength,
    int OutputLength)
{
    /// <summary>The 30 s chunk llama.cpp pads audio to gives 3000 mel frames, halved by the second convolution.</summary>
    public const int PositionsPerChunk = 1500;

    /// <summary>Tiny qwen2a encoder for tests: 128 mel bins (as Qwen2-Audio), 2 blocks of 32.</summary>
    public static ClipAudioShape TinyQwen2A(int outputLength) => new("qwen2a", 128, 32, 2, 4, 64, PositionsPerChunk, 1, 0, outputLength);

    /// <summary>Tiny ultravox encoder for tests: 128 mel bins, 2 blocks of 32, 8 frames stacked.</summary>
    public static ClipAudioShape TinyUltravox(int outputLength) => new("ultravox", 128, 32, 2, 4, 64, PositionsPerChunk, 8, 64, outputLength);
}
