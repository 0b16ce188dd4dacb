using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class BenchTargetTests
{
    [Theory]
    [InlineData(1.5, true)]
    [InlineData(1.51, false)]
    public void An_upper_limit_passes_up_to_and_including_it(double value, bool passed) =>
        Assert.Equal(passed, BenchTarget.NoMoreThan("t", "s", value, 1.5).Passed);

    [Theory]
    [InlineData(8.0, true)]
    [InlineData(7.9, false)]
    public void A_lower_limit_passes_from_it_up(double value, bool passed) =>
        Assert.Equal(passed, BenchTarget.NoLessThan("t", "s", value, 8).Passed);

    [Fact]
    public void A_value_that_could_not_be_measured_neither_passes_nor_fails()
    {
        var target = BenchTarget.NoLessThan("t", "s", double.NaN, 0.8);

        Assert.Null(target.Passed);
        Assert.Equal("not measured", target.Verdict);
        Assert.Equal("≥ 0.8", target.LimitText);
    }
}
