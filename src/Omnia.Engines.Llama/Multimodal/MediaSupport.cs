using LLama;
using LLama.Native;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>Which media a model's projector takes, and the marker that stands for each medium in the prompt text.</summary>
internal sealed record MediaSupport(bool Vision, bool Audio, string Marker)
{
    /// <summary>Text only: no encoder.</summary>
    public static MediaSupport None { get; } = new(false, false, "");

    public static MediaSupport Of(MtmdWeights? clip) =>
        clip is null ? None : new(clip.SupportsVision, clip.SupportsAudio, NativeApi.MtmdDefaultMarker() ?? "<media>");
}
