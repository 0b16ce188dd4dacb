using Omnia.Bench.Fuzz;

namespace Omnia.Bench.Tests.Fuzz;

/// <summary>Every HTTP corpus by name, built as <c>bench fuzz</c> builds them.</summary>
internal static class HttpCorpora
{
    public const int MaxBody = 10 << 20;

    public static IReadOnlyList<string> Names { get; } = ["models", "moderations", "speech", "transcriptions", "translations", "chat"];

    public static IFuzzCorpus<FuzzRequest> Create(string name) => name switch
    {
        "models" => new ModelsCorpus("stories260K"),
        "moderations" => new ModerationsCorpus(MaxBody),
        "speech" => new SpeechCorpus(MaxBody),
        "transcriptions" => new AudioCorpus(translations: false, MaxBody),
        "translations" => new AudioCorpus(translations: true, MaxBody),
        "chat" => new ChatCorpus("stories260K", MaxBody),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such corpus."),
    };
}
