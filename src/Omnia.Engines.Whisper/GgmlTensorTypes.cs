namespace Omnia.Engines.Whisper;

/// <summary>The storage size of the ggml tensor types whisper.cpp models are saved in.</summary>
internal static class GgmlTensorTypes
{
    // ggml type id → (elements per block, bytes per block), from ggml's type traits.
    private static readonly Dictionary<int, (int Elements, int Bytes)> Blocks = new()
    {
        [0] = (1, 4),     // F32
        [1] = (1, 2),     // F16
        [2] = (32, 18),   // Q4_0
        [3] = (32, 20),   // Q4_1
        [6] = (32, 22),   // Q5_0
        [7] = (32, 24),   // Q5_1
        [8] = (32, 34),   // Q8_0
        [10] = (256, 84), // Q2_K
        [11] = (256, 110), // Q3_K
        [12] = (256, 144), // Q4_K
        [13] = (256, 176), // Q5_K
        [14] = (256, 210), // Q6_K
        [30] = (1, 2),    // BF16
    };

    /// <summary>The bytes a tensor of <paramref name="type"/> with <paramref name="elements"/> elements occupies on disk.</summary>
    public static bool TryGetByteCount(int type, long elements, out long bytes)
    {
        bytes = 0;
        if (!Blocks.TryGetValue(type, out var block) || elements % block.Elements != 0)
        {
            return false;
        }
        bytes = elements / block.Elements * block.Bytes;
        return true;
    }
}
