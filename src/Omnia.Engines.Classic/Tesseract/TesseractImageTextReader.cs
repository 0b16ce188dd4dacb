using System.ComponentModel;
using System.Diagnostics;
using Omnia.Vision;

namespace Omnia.Engines.Classic.Tesseract;

/// <summary>
/// OCR through Debian's tesseract, run as a subprocess per image (PNG on stdin, text on stdout): the fallback that
/// lets a text-only chat model take pictures with text in them. At most <see cref="MaxConcurrent"/> run at once.
/// </summary>
public sealed class TesseractImageTextReader : IImageTextReader, IDisposable
{
    public const int MaxConcurrent = 2;
    public static readonly IReadOnlyList<string> DebianPackages = ["tesseract-ocr", "tesseract-ocr-eng"];

    private readonly string _executable;
    private readonly string _languages;
    private readonly SemaphoreSlim _slots = new(MaxConcurrent);

    /// <param name="languages">tesseract language codes joined by '+', e.g. <c>eng+deu</c>.</param>
    /// <exception cref="DebianPackageMissingException">tesseract is not installed.</exception>
    public TesseractImageTextReader(string languages = "eng", string executable = "tesseract")
    {
        _executable = executable;
        _languages = languages;
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            probe.WaitForExit();
        }
        catch (Win32Exception e)
        {
            throw new DebianPackageMissingException("tesseract", executable, DebianPackages, e);
        }
    }

    public string Name => "tesseract";

    public async Task<string> ReadTextAsync(ReadOnlyMemory<byte> png, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var start = new ProcessStartInfo(_executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "stdin", "stdout", "-l", _languages, "--psm", "3" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardInput.BaseStream.WriteAsync(png, cancellationToken);
                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"tesseract failed ({process.ExitCode}): {(await error).Trim()}");
                return (await output).Trim();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
