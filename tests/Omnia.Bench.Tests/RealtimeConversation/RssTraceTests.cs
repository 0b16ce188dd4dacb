using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class RssTraceTests
{
    [Fact]
    public void Readings_count_from_the_start_mark_and_give_start_peak_and_end()
    {
        var rss = new RssTrace();
        rss.Add(Reading(0, 50));
        Assert.Null(rss.Start);
        Assert.True(double.IsNaN(rss.EndOverStart));

        rss.MarkStart();
        foreach (var (minute, bytes) in new[] { (1, 100L), (2, 130L), (3, 105L) }) rss.Add(Reading(minute, bytes));

        Assert.Equal(100, rss.Start!.Rss);
        Assert.Equal(130, rss.Peak!.Rss);
        Assert.Equal(105, rss.End!.Rss);
        Assert.Equal(3, rss.Readings);
        Assert.Equal(1.05, rss.EndOverStart, 6);
        Assert.Equal(1.30, rss.PeakOverStart, 6);
    }

    [Fact]
    public void The_trace_keeps_the_start_and_one_reading_every_five_minutes()
    {
        var rss = new RssTrace();
        rss.MarkStart();
        foreach (var minute in new[] { 1, 2, 5, 6, 7, 11, 12 }) rss.Add(Reading(minute, 100 + minute));

        Assert.Equal([1.0, 6.0, 11.0], rss.Marks.Select(m => m.At.TotalMinutes));
    }

    private static ServerMemory Reading(int minute, long rss) => new(TimeSpan.FromMinutes(minute), rss, null, null);
}
