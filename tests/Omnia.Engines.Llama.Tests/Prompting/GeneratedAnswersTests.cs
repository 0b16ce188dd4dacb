using LLama.Native;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama.Tests.Prompting;

public sealed class GeneratedAnswersTests
{
    private static LLamaToken[] Tokens(params int[] ids) => [.. ids.Select(i => (LLamaToken)i)];

    [Fact]
    public void The_least_recently_used_answers_go_first_when_their_tokens_pass_the_capacity()
    {
        var answers = new GeneratedAnswers(capacityTokens: 4);
        answers.Remember("the first answer", Tokens(1));
        answers.Remember("the second answer", Tokens(2, 2));
        Assert.True(answers.TryGet("the first answer", out _));

        answers.Remember("the third answer", Tokens(3, 3));

        Assert.Equal(2, answers.Count);
        Assert.False(answers.TryGet("the second answer", out _));
        Assert.True(answers.TryGet("the first answer", out var first));
        Assert.Equal(Tokens(1), first);
    }

    [Fact]
    public void An_answer_given_again_replaces_its_tokens_and_short_ones_are_not_kept()
    {
        var answers = new GeneratedAnswers(capacityTokens: 8);
        answers.Remember("the same answer", Tokens(1, 2));
        answers.Remember("the same answer", Tokens(3));
        answers.Remember("short", Tokens(4));

        Assert.True(answers.TryGet("the same answer", out var tokens));
        Assert.Equal(Tokens(3), tokens);
        Assert.Equal(1, answers.Count);
    }

    [Fact]
    public void An_answer_longer_than_the_capacity_is_not_kept_and_evicts_nothing()
    {
        var answers = new GeneratedAnswers(capacityTokens: 2);
        answers.Remember("a kept answer", Tokens(1));

        answers.Remember("a very long answer", Tokens(1, 2, 3));

        Assert.True(answers.TryGet("a kept answer", out _));
        Assert.False(answers.TryGet("a very long answer", out _));
    }
}
