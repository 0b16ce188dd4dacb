using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>One image or sound of a multimodal prompt, checked on the request's thread and turned into an mtmd bitmap on the loop's.</summary>
/// <param name="Image">Encoded image bytes (PNG or JPEG, dimensions already checked), or null for audio.</param>
/// <param name="Samples">Mono samples at the encoder's sample rate, or null for an image.</param>
/// <param name="Id">A hash of the bytes (hex): the prompt cache knows the same medium sent again by it.</param>
internal sealed record MediaInput(byte[]? Image, float[]? Samples, string Id)
{
    public static MediaInput FromImage(byte[] encoded) => new(encoded, null, Hash(encoded));

    public static MediaInput FromAudio(float[] samples) => new(null, samples, "audio-" + Hash(MemoryMarshal.AsBytes(samples.AsSpan())));

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
