using Omnia.Engines.Classic.Pocketsphinx;

namespace Omnia.Engines.Classic.Tests.Pocketsphinx;

[Collection(PocketsphinxCollection.Name)]
public class PocketsphinxDecoderPoolTests
{
    [Fact]
    public async Task Trimming_keeps_the_oldest_idle_decoder_whatever_order_they_came_back_in()
    {
        // The start-up decoder's memory was laid out in a young heap; keeping a later one left 18 MB more resident.
        var files = PocketsphinxModelFiles.FromDirectory(new PocketsphinxSpeechToTextClientOptions().ModelDirectory);
        using var pool = new PocketsphinxDecoderPool(files, PocketsphinxMode.Fast, maxDecoders: 3);
        var decoders = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => pool.RentAsync(CancellationToken.None)));
        foreach (var decoder in decoders.OrderByDescending(d => d.Generation))
        {
            // The oldest goes back last, on top: trimming from the top would free it and keep the newest.
            pool.Return(decoder, healthy: true);
        }

        pool.TrimIdle(keep: 1);

        Assert.Equal(1, pool.IdleCount);
        var kept = await pool.RentAsync(CancellationToken.None);
        Assert.Equal(1, kept.Generation);
        pool.Return(kept, healthy: true);
    }
}
