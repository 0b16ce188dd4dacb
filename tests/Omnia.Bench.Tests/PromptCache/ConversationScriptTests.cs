using Omnia.Bench.PromptCache;
using Omnia.Tests;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class ConversationScriptTests
{
    [Fact]
    public void The_system_prompt_is_about_250_tokens_of_the_bench_models_tokenizer()
    {
        using var counter = new TokenCounter(TestPaths.Stories260K);

        var tokens = counter.Count(ConversationScript.SystemPrompt("1"));

        Assert.InRange(tokens, 230, 270);
    }

    [Fact]
    public void A_shapes_conversations_share_the_system_prompt_unless_asked_to_differ_and_shapes_never_share_one()
    {
        Assert.Equal(ConversationScript.SessionLabel(0, 0, distinct: false), ConversationScript.SessionLabel(0, 7, distinct: false));
        Assert.NotEqual(ConversationScript.SessionLabel(0, 0, distinct: true), ConversationScript.SessionLabel(0, 1, distinct: true));
        Assert.NotEqual(ConversationScript.SessionLabel(0, 0, distinct: false), ConversationScript.SessionLabel(1, 0, distinct: false));
        // The label opens the prompt, so prompts of different sessions differ from their first words.
        Assert.StartsWith("Session 2-3.", ConversationScript.SystemPrompt(ConversationScript.SessionLabel(1, 2, distinct: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void No_question_repeats_within_a_conversation_and_conversations_ask_different_questions_at_the_same_turn()
    {
        for (var conversation = 0; conversation < 8; conversation++)
        {
            var questions = Enumerable.Range(1, 30).Select(turn => ConversationScript.Question(conversation, turn)).ToArray();
            Assert.Equal(questions.Length, questions.Distinct().Count());
        }

        Assert.NotEqual(ConversationScript.Question(0, 1), ConversationScript.Question(1, 1));
    }

    [Fact]
    public void The_same_turn_of_the_same_conversation_asks_the_same_question_on_every_run()
    {
        Assert.Equal(ConversationScript.Question(3, 7), ConversationScript.Question(3, 7));
        Assert.Equal(ConversationScript.SystemPrompt("1"), ConversationScript.SystemPrompt("1"));
    }
}
