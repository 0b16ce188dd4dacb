using Omnia.Bench.PromptCache;
using Omnia.Tests;

namespace Omnia.Bench.Tests.PromptCache;

public sealed class LongPromptTests
{
    [Fact]
    public void The_prompt_reaches_the_token_count_and_stops_within_one_sentence_of_it()
    {
        using var counter = new TokenCounter(TestPaths.Stories260K);

        var text = LongPrompt.Build(3000, "a", counter.Count);

        // A sentence is 35-45 tokens of this tokenizer; the prompt stops at the first that reaches the count.
        Assert.InRange(counter.Count(text), 3000, 3050);
    }

    [Fact]
    public void Prompts_with_different_labels_differ_from_their_first_word()
    {
        static int Words(string text) => text.Split(' ').Length;

        var first = LongPrompt.Build(200, "1", Words);
        var second = LongPrompt.Build(200, "2", Words);

        Assert.NotEqual(first.Split(' ')[1], second.Split(' ')[1]);
        Assert.InRange(Words(first), 200, 230);
    }
}
