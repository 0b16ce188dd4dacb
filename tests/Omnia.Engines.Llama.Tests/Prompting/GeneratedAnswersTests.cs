using LLama.Native;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama.Tests.Prompting;

public sealed class GeneratedAnswersTests
{
    private static LLamaToken[] Tokens(params int[] ids) => [.. ids.Select(i => (LLamaToken)i)];

    [Fact]
    public void The_least_recently_used_answer_goes_first_when_full()
    {
        var answers = new GeneratedAnswers(capacity: 2);
        answers.Remember("the first answer", Tokens(1));
        answers.Remember("the second answer", Tokens(2));
        Assert.True(answers.TryGet("the first answer", out _));

        answers.Remember("the third answer", Tokens(3));

        Assert.Equal(2, answers.Count);
        Assert.False(answers.TryGet("the second answer", out _));
        Assert.True(answers.TryGet("the first answer", out var first));
        Assert.Equal(Tokens(1), first);
    }

    [Fact]
    public void An_answer_given_again_replaces_its_tokens_and_short_ones_are_not_kept()
    {
        var answers = new GeneratedAnswers(capacity: 4);
        answers.Remember("the same answer", Tokens(1, 2));
        answers.Remember("the same answer", Tokens(3));
        answers.Remember("short", Tokens(4));

        Assert.True(answers.TryGet("the same answer", out var tokens));
        Assert.Equal(Tokens(3), tokens);
        Assert.Equal(1, answers.Count);
    }
}
