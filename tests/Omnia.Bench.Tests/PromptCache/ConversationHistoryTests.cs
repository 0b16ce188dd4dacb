using Omnia.Bench.PromptCache;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class ConversationHistoryTests
{
    [Fact]
    public void Each_turns_prompt_is_the_previous_prompt_plus_the_real_answer_and_the_new_question()
    {
        var history = new ConversationHistory("be kind");

        var first = history.Ask("q1");
        history.Answer("a1");
        var second = history.Ask("q2");

        Assert.Equal([new ChatLine("system", "be kind"), new ChatLine("user", "q1")], first);
        Assert.Equal([.. first, new ChatLine("assistant", "a1"), new ChatLine("user", "q2")], second);
        Assert.Equal(2, history.Turns);
    }

    [Fact]
    public void A_prompt_once_sent_does_not_change_when_the_history_grows()
    {
        var history = new ConversationHistory("s");
        var sent = history.Ask("q1");

        history.Answer("a1");
        history.Ask("q2");

        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public void Asking_twice_without_an_answer_or_answering_without_a_question_is_refused()
    {
        var history = new ConversationHistory("s");

        Assert.Throws<InvalidOperationException>(() => history.Answer("a"));
        history.Ask("q");
        Assert.Throws<InvalidOperationException>(() => history.Ask("q again"));
    }
}
