using System.ComponentModel;
using System.Diagnostics;
using Omnia.Translation;

namespace Omnia.Engines.Classic.Apertium;

/// <summary>
/// Offline rule-based translation through Debian's apertium, for the language pairs whose data packages are
/// installed (e.g. <c>apertium-eng-spa</c>). One subprocess per text; unknown words are left as they are.
/// </summary>
public sealed class ApertiumTranslator : ITextTranslator
{
    public static readonly IReadOnlyList<string> DebianPackages = ["apertium", "apertium-eng-spa"];

    private static readonly Dictionary<string, string> ThreeLetter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "eng", ["es"] = "spa", ["ca"] = "cat", ["gl"] = "glg", ["eo"] = "epo", ["fr"] = "fra", ["pt"] = "por",
        ["it"] = "ita", ["de"] = "deu", ["nl"] = "nld", ["eu"] = "eus", ["oc"] = "oci", ["ro"] = "ron",
    };

    private readonly HashSet<string> _modes;
    private readonly string _executable;

    /// <exception cref="DebianPackageMissingException">apertium or any language pair is missing.</exception>
    public ApertiumTranslator(string modesDirectory = "/usr/share/apertium/modes", string executable = "apertium")
    {
        _executable = executable;
        _modes = Directory.Exists(modesDirectory)
            ? Directory.EnumerateFiles(modesDirectory, "*.mode").Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        if (_modes.Count == 0) throw new DebianPackageMissingException("apertium", modesDirectory, DebianPackages);
    }

    public string Name => "apertium";

    /// <summary>The installed modes, e.g. <c>eng-spa</c>.</summary>
    public IReadOnlyCollection<string> Modes => _modes;

    public bool Supports(string from, string to) => Mode(from, to) is not null;

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken cancellationToken = default)
    {
        var mode = Mode(from, to) ?? throw new ArgumentException($"apertium has no {from}→{to} pair installed; installed: {string.Join(", ", _modes)}.");
        var start = new ProcessStartInfo(_executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(mode);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new DebianPackageMissingException("apertium", _executable, DebianPackages, e);
        }
        using (process)
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"apertium {mode} failed: {(await process.StandardError.ReadToEndAsync(cancellationToken)).Trim()}");
                return (await output).Trim();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    private string? Mode(string from, string to)
    {
        var a = ThreeLetter.GetValueOrDefault(from, from);
        var b = ThreeLetter.GetValueOrDefault(to, to);
        var mode = $"{a}-{b}";
        return _modes.Contains(mode) ? mode : null;
    }
}
