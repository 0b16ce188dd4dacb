namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

/// <summary>The pocketsphinx tests share one fixture and run one class at a time: decoding is CPU-bound.</summary>
[CollectionDefinition(Name)]
public sealed class PocketsphinxCollection : ICollectionFixture<PocketsphinxFixture>
{
    public const string Name = "pocketsphinx";
}
