using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

public sealed class ConversationTurnTests
{
    [Fact]
    public void A_turn_without_an_answer_is_stuck_unless_the_server_closed_the_session()
    {
        Assert.True(new ConversationTurn(1).Stuck);
        Assert.False(new ConversationTurn(1) { ClosedBy = "1006 (no close frame)" }.Stuck);
        Assert.False(new ConversationTurn(1) { ClosedBy = "1006 (no close frame)" }.AnsweredWithoutError);
    }

    [Theory]
    [InlineData("completed", true)]
    [InlineData("incomplete", true)]
    [InlineData("failed", false)]
    [InlineData("cancelled", false)]
    public void An_answer_counts_when_it_completed_or_stopped_at_the_token_limit(string status, bool answered) =>
        Assert.Equal(answered, new ConversationTurn(1) { Status = status }.AnsweredWithoutError);

    [Fact]
    public void An_error_event_spoils_a_completed_answer_and_a_failed_answer_counts_once_without_one()
    {
        var withEvent = new ConversationTurn(1) { Status = "completed", Errors = ["context_length_exceeded"] };
        var failedQuietly = new ConversationTurn(1) { Status = "failed", FailedBecause = "engine died" };
        var failedWithEvent = new ConversationTurn(1) { Status = "failed", Errors = ["engine died"], FailedBecause = "engine died" };

        Assert.False(withEvent.AnsweredWithoutError);
        Assert.Equal(1, withEvent.ErrorCount);
        Assert.Equal(1, failedQuietly.ErrorCount);
        Assert.Equal("engine died", failedQuietly.FirstError);
        Assert.Equal(1, failedWithEvent.ErrorCount);
    }
}
