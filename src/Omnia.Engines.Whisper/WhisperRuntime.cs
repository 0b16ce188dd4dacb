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
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw NotLoadable(e);
        }
    }

    public static WhisperFactory Load(string modelPath)
    {
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
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw NotLoadable(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidModelFileException(modelPath, $"whisper.cpp could not load it ({e.Message}).", e);
        }
    }

    private static bool IsNativeLoadFailure(Exception e) =>
        e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
            || e is TypeInitializationException { InnerException: { } inner } && IsNativeLoadFailure(inner)
            || e.GetType().Name == "WhisperRuntimeLoadException"; // Whisper.net's own "no runtime found" failure.

    private static InvalidOperationException NotLoadable(Exception e) =>
        new($"Whisper.net's native runtime (libwhisper.so from Whisper.net.Runtime) could not be loaded on this machine: {e.Message}", e);
}
