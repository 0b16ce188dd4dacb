using Omnia.Engines.Classic.NGram;
using Omnia.Engines.Classic.Pocketsphinx;

namespace Omnia.Engines.Classic.Tests.NGram;

/// <summary>Debian's pocketsphinx-en-us trigram model, read once for all n-gram tests; a machine without the package
/// fails these tests with the apt-get line that installs it.</summary>
public sealed class EnUsLanguageModelFixture
{
    public EnUsLanguageModelFixture()
    {
        EndOfTurn = NGramEndOfTurnModel.FromPocketsphinxModel(PocketsphinxEnUsDirectory);
        Model = EndOfTurn.LanguageModel;
    }

    public const string PocketsphinxEnUsDirectory = PocketsphinxSpeechToTextClientOptions.DebianModelDirectory;

    public static string FilePath => Path.Combine(PocketsphinxEnUsDirectory, NGramEndOfTurnModel.PocketsphinxFileName);

    public TrieLanguageModel Model { get; }

    public NGramEndOfTurnModel EndOfTurn { get; }
}
