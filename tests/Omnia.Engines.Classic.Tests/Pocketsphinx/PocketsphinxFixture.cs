using Omnia.Engines.Classic.Pocketsphinx;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>One client with warm decoders and the flite recordings, shared by all pocketsphinx tests.</summary>
public sealed class PocketsphinxFixture : IDisposable
{
    public PocketsphinxSpeechToTextClient Client { get; } = new();

    public FliteSentences Sentences { get; } = new();

    public void Dispose()
    {
        Client.Dispose();
        Sentences.Dispose();
    }
}
