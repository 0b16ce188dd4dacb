using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class MedianTests
{
    [Fact]
    public void An_odd_count_takes_the_middle_value_and_an_even_count_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(3, Median.Of([5, 1, 3]));
        Assert.Equal(2.5, Median.Of([4, 1, 3, 2]));
    }

    [Fact]
    public void No_values_have_no_median() => Assert.True(double.IsNaN(Median.Of([])));
}
