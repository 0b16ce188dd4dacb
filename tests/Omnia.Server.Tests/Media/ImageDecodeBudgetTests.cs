using Omnia.Server.OpenAI.Media;

namespace Omnia.Server.Tests.Media;

public class ImageDecodeBudgetTests
{
    [Fact]
    public async Task A_decode_waits_until_the_decodes_ahead_of_it_give_their_bytes_back()
    {
        var budget = new ImageDecodeBudget(100);
        var first = await budget.AcquireAsync(60, CancellationToken.None);

        var second = budget.AcquireAsync(60, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        Assert.Equal(40, budget.AvailableBytes);

        first.Dispose();
        (await second).Dispose();
        Assert.Equal(100, budget.AvailableBytes);
    }

    [Fact]
    public async Task Waiting_is_first_come_first_served_and_a_cancelled_waiter_lets_the_next_through()
    {
        var budget = new ImageDecodeBudget(100);
        var held = await budget.AcquireAsync(90, CancellationToken.None);
        using var leaving = new CancellationTokenSource();
        var large = budget.AcquireAsync(50, leaving.Token).AsTask();
        var small = budget.AcquireAsync(10, CancellationToken.None).AsTask();

        // 10 bytes are free, but the small decode queues behind the large one rather than starving it.
        Assert.False(small.IsCompleted);
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        (await small).Dispose();
        held.Dispose();
        Assert.Equal(100, budget.AvailableBytes);
    }

    [Fact]
    public async Task More_than_the_whole_budget_is_refused_at_once()
    {
        var budget = new ImageDecodeBudget(100);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await budget.AcquireAsync(101, CancellationToken.None));
    }
}
