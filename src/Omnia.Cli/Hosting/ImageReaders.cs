using Microsoft.Extensions.Logging;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Tesseract;
using Omnia.Vision;

namespace Omnia.Cli.Hosting;

/// <summary>The installed OCR engines (tesseract when Debian has it), for text-only models that are sent pictures.</summary>
internal static class ImageReaders
{
    public static IEnumerable<IImageTextReader> Create(ILogger logger)
    {
        try
        {
            return [new TesseractImageTextReader()];
        }
        catch (DebianPackageMissingException e)
        {
            logger.LogWarning("Image reading (OCR) is unavailable: {Reason}", e.Message);
            return [];
        }
    }
}
