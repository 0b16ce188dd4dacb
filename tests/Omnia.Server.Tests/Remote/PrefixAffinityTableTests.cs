using Omnia.Engines.Remote;

namespace Omnia.Server.Tests.Remote;

public sealed class PrefixAffinityTableTests
{
    private static readonly Upstream First = new(new UpstreamOptions { Name = "first", BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m" }, new UpstreamFailoverOptions(), TimeProvider.System);
    private static readonly Upstream Second = new(new UpstreamOptions { Name = "second", BaseUrl = new Uri("http://127.0.0.1:2/v1"), Model = "m" }, new UpstreamFailoverOptions(), TimeProvider.System);

    [Fact]
    public void Past_its_capacity_the_least_recently_used_prefix_is_forgotten()
    {
        var table = new PrefixAffinityTable(3);
        table.Set(1, First);
        table.Set(2, First);
        table.Set(3, Second);
        Assert.NotNull(table.FindLongest([1])); // used again: now 2 is the oldest

        table.Set(4, Second);
        table.Set(5, Second);

        Assert.Equal(3, table.Count);
        Assert.Null(table.FindLongest([2]));
        Assert.Null(table.FindLongest([3]));
        Assert.Equal(First, table.FindLongest([1])?.Upstream);
    }

    [Fact]
    public void The_longest_known_prefix_wins()
    {
        var table = new PrefixAffinityTable(10);
        table.Set(1, First);
        table.Set(3, Second);

        Assert.Equal(((UInt128)3, Second), table.FindLongest([1, 2, 3, 4]));
        Assert.Equal(((UInt128)1, First), table.FindLongest([1, 2]));
        Assert.Null(table.FindLongest([5, 6]));
    }

    [Fact]
    public void Setting_a_known_prefix_moves_it_without_growing()
    {
        var table = new PrefixAffinityTable(2);
        table.Set(1, First);
        table.Set(1, Second);

        Assert.Equal(1, table.Count);
        Assert.Equal(Second, table.FindLongest([1])?.Upstream);
    }
}
