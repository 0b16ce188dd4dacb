namespace Omnia.Engines.Classic;

/// <summary>Thrown when an engine's native library or data files from Debian are not installed.</summary>
/// <remarks>
/// The message always contains the <c>apt-get install</c> line that fixes it, so the server can report the role as
/// unavailable with a remedy instead of failing.
/// </remarks>
public sealed class DebianPackageMissingException : InvalidOperationException
{
    /// <summary>Creates the exception for an engine whose <paramref name="missing"/> part is absent.</summary>
    /// <param name="engine">The engine that cannot start, e.g. "espeak-ng".</param>
    /// <param name="missing">What was not found: a library name or a data directory.</param>
    /// <param name="packages">The Debian packages that provide it.</param>
    /// <param name="innerException">The loader's error, if any.</param>
    public DebianPackageMissingException(string engine, string missing, IReadOnlyList<string> packages, Exception? innerException = null)
        : base($"{engine} is not available: {missing} was not found. Install it with: {InstallCommandFor(packages)}", innerException)
    {
        Engine = engine;
        Packages = packages;
    }

    /// <summary>The engine that cannot start.</summary>
    public string Engine { get; }

    /// <summary>The Debian packages that provide the missing parts.</summary>
    public IReadOnlyList<string> Packages { get; }

    /// <summary>The shell command that installs <see cref="Packages"/>.</summary>
    public string InstallCommand => InstallCommandFor(Packages);

    private static string InstallCommandFor(IReadOnlyList<string> packages) =>
        "sudo apt-get install -y " + string.Join(' ', packages);
}
