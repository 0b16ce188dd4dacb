namespace Omnia.Server.OpenAI.Media;

/// <summary>Limits on images and audio inside chat messages.</summary>
public sealed class MediaOptions
{
    /// <summary>Fetch images from loopback, private, link-local and cloud-metadata addresses (off: those are SSRF targets).</summary>
    public bool AllowPrivateUrls { get; set; }

    /// <summary>Largest image accepted, whether fetched or inline.</summary>
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long fetching one image may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest declared image size; larger images are refused before any pixel is decoded (image bombs).</summary>
    public long MaxImagePixels { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of decoded pixels (4 per pixel) that all image decodes together may hold at once; decodes beyond it
    /// wait their turn, and one image needing more is refused. Default 256 MiB: one image at <see cref="MaxImagePixels"/>.</summary>
    public long ImageDecodeBudgetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Longest side an image is scaled down to for <c>detail: high</c> or <c>auto</c>.</summary>
    public int MaxImageSide { get; set; } = 1536;

    /// <summary>Longest side for <c>detail: low</c>.</summary>
    public int LowDetailSide { get; set; } = 512;
}
