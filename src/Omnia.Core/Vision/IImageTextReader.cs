namespace Omnia.Vision;

/// <summary>
/// Reads the text in a picture (OCR). The fallback that lets a text-only chat model take an image: the text in it
/// goes into the user's turn.
/// </summary>
public interface IImageTextReader
{
    /// <summary>The engine's name, for <c>/v1/models</c> and logs.</summary>
    string Name { get; }

    /// <summary>Returns the text found in a PNG image, or an empty string.</summary>
    Task<string> ReadTextAsync(ReadOnlyMemory<byte> png, CancellationToken cancellationToken = default);
}
