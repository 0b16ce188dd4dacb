using Omnia.Models;
using Whisper.net;

namespace Omnia.Engines.Whisper;

/// <summary>Loads Whisper.net's native runtime and a model through it, turning its failures into errors that say what to fix.</summary>
internal static class WhisperRuntime
{
    /// <summary>Describes the native runtime (its CPU features), loading it if needed; proves it works without a model.</summary>
    /// <exception cref="InvalidOperationException">The native library cannot be loaded.</exception>
    public static string Describe()
    {
        try
        {
            return WhisperFactory.GetRuntimeInfo() ?? "";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"Whisper.net's native runtime (libwhisper.so from Whisper.net.Runtime) could not be loaded on this machine: {e.Message}", e);
        }
    }

    /// <summary>Loads the model in <paramref name="modelPath"/>; the runtime is loaded first, so its failures are not blamed on the file.</summary>
    public static WhisperFactory Load(string modelPath)
    {
        Describe();
        try
        {
            // Whisper.net reads the model lazily; building a processor once makes whisper.cpp load it now, at startup.
            var factory = WhisperFactory.FromPath(modelPath);
            try
            {
                using var processor = factory.CreateBuilder().Build();
            }
            catch
            {
                factory.Dispose();
                throw;
            }
            return factory;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidModelFileException(modelPath, $"whisper.cpp could not load it ({e.Message}).", e);
        }
    }
}
