using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RssTraceTests
{
    [Fact]
    public void Readings_count_from_the_start_mark_and_give_start_peak_and_end()
    {
        var rss = new RssTrace();
        rss.Add(50);
        Assert.Null(rss.Start);
        Assert.True(double.IsNaN(rss.EndOverStart));

        rss.MarkStart();
        foreach (var bytes in new long[] { 100, 130, 105 }) rss.Add(bytes);

        Assert.Equal(100, rss.Start);
        Assert.Equal(130, rss.Peak);
        Assert.Equal(105, rss.End);
        Assert.Equal(3, rss.Readings);
        Assert.Equal(1.05, rss.EndOverStart, 6);
        Assert.Equal(1.30, rss.PeakOverStart, 6);
    }
}
