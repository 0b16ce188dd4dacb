namespace Omnia.Cli.Hosting;

/// <summary>OpenAI's voice names mapped to espeak-ng voices, so clients that ask for "alloy" get a distinct English voice.</summary>
internal static class DefaultVoices
{
    public static IReadOnlyDictionary<string, string> Espeak { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alloy"] = "en-us",
        ["ash"] = "en-us+m3",
        ["ballad"] = "en-gb+m2",
        ["coral"] = "en-us+f3",
        ["echo"] = "en-us+m1",
        ["fable"] = "en-gb",
        ["onyx"] = "en-us+m4",
        ["nova"] = "en-us+f2",
        ["sage"] = "en-gb+f2",
        ["shimmer"] = "en-us+f4",
        ["verse"] = "en-us+m5",
        ["marin"] = "en-us+f1",
        ["cedar"] = "en-us+m2",
    };
}
