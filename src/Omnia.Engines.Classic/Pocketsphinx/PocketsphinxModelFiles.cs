namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>The three files a decoder loads, checked before <c>ps_init</c> (which can exit the process on some bad paths).</summary>
internal sealed record PocketsphinxModelFiles(string AcousticModel, string LanguageModel, string Dictionary)
{
    public static readonly IReadOnlyList<string> DebianPackages = ["libpocketsphinx3", "libsphinxbase3", "pocketsphinx-en-us"];

    public static PocketsphinxModelFiles FromDirectory(string directory)
    {
        var files = new PocketsphinxModelFiles(
            Path.Combine(directory, "en-us"),
            Path.Combine(directory, "en-us.lm.bin"),
            Path.Combine(directory, "cmudict-en-us.dict"));
        if (!File.Exists(Path.Combine(files.AcousticModel, "mdef")))
        {
            throw new DebianPackageMissingException("pocketsphinx", $"the acoustic model {files.AcousticModel}", DebianPackages);
        }
        foreach (var file in new[] { files.LanguageModel, files.Dictionary })
        {
            if (!File.Exists(file))
            {
                throw new DebianPackageMissingException("pocketsphinx", file, DebianPackages);
            }
        }
        return files;
    }
}
