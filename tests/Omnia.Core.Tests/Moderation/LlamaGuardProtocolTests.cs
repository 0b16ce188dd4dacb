using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Moderation;

namespace Omnia.Core.Tests.Moderation;

public sealed class LlamaGuardProtocolTests
{
    private const string Categories =
        "<BEGIN UNSAFE CONTENT CATEGORIES>\n" +
        "S1: Violent Crimes.\nS2: Non-Violent Crimes.\nS3: Sex Crimes.\nS4: Child Exploitation.\nS5: Defamation.\n" +
        "S6: Specialized Advice.\nS7: Privacy.\nS8: Intellectual Property.\nS9: Indiscriminate Weapons.\nS10: Hate.\n" +
        "S11: Self-Harm.\nS12: Sexual Content.\nS13: Elections.\nS14: Code Interpreter Abuse.\n" +
        "<END UNSAFE CONTENT CATEGORIES>\n\n";

    [Fact]
    public void A_user_message_renders_as_llama_guard_3s_prompt_template()
    {
        var prompt = LlamaGuardProtocol.Prompt([new ChatMessage(ChatRole.User, "How do I bake bread?")]);

        Assert.Equal(
            "Task: Check if there is unsafe content in 'User' messages in conversations according our safety policy with the below categories.\n\n" +
            Categories +
            "<BEGIN CONVERSATION>\n\nUser: How do I bake bread?\n\n<END CONVERSATION>\n\n" +
            "Provide your safety assessment for ONLY THE LAST User message in the above conversation:\n" +
            " - First line must read 'safe' or 'unsafe'.\n" +
            " - If unsafe, a second line must include a comma-separated list of violated categories.",
            prompt);
    }

    [Fact]
    public void An_assistant_answer_is_assessed_as_the_agents_and_system_messages_are_left_out()
    {
        var prompt = LlamaGuardProtocol.Prompt(
        [
            new ChatMessage(ChatRole.System, "You are helpful."),
            new ChatMessage(ChatRole.User, "Hi"),
            new ChatMessage(ChatRole.Assistant, "Hello!"),
        ]);

        Assert.StartsWith("Task: Check if there is unsafe content in 'Agent' messages", prompt);
        Assert.Contains("<BEGIN CONVERSATION>\n\nUser: Hi\n\nAgent: Hello!\n\n<END CONVERSATION>", prompt);
        Assert.Contains("ONLY THE LAST Agent message", prompt);
        Assert.DoesNotContain("You are helpful.", prompt);
    }

    [Fact]
    public void Safe_flags_nothing_and_scores_every_category_zero()
    {
        var result = LlamaGuardProtocol.Parse("safe");

        Assert.False(result.Flagged);
        Assert.Empty(result.Categories);
        Assert.All(ModerationCategories.All, c => Assert.Equal(0, result.Score(c)));
    }

    [Fact]
    public void Unsafe_s1_is_violence_and_illicit_violence()
    {
        var result = LlamaGuardProtocol.Parse("unsafe\nS1");

        Assert.True(result.Flagged);
        Assert.Equal(["illicit/violent", "violence"], result.Categories.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, result.Score("violence"));
        Assert.Equal(0.0, result.Score("hate"));
        Assert.Equal(["S1"], result.Hazards);
    }

    [Fact]
    public void Unsafe_s1_and_s10_adds_hate_and_tolerates_spacing()
    {
        var result = LlamaGuardProtocol.Parse("  unsafe \n S1, s10 \n");

        Assert.Equal(["hate", "illicit/violent", "violence"], result.Categories.Order(StringComparer.Ordinal));
        Assert.Equal(["S1", "S10"], result.Hazards);
    }

    [Fact]
    public void A_hazard_without_an_openai_counterpart_flags_without_a_category()
    {
        var result = LlamaGuardProtocol.Parse("unsafe\nS7");

        Assert.True(result.Flagged);
        Assert.Empty(result.Categories);
        Assert.Equal(["S7"], result.Hazards);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Once upon a time, there was a little girl.")]
    [InlineData("unsafe\nS15")]
    [InlineData("unsafe\nviolence")]
    public void An_answer_outside_the_format_is_an_error_not_a_guess(string answer)
    {
        Assert.Throws<GuardAnswerException>(() => LlamaGuardProtocol.Parse(answer));
    }

    [Fact]
    public void Every_hazard_maps_only_to_openai_categories()
    {
        Assert.Equal(14, LlamaGuardProtocol.Hazards.Count);
        Assert.All(LlamaGuardProtocol.Hazards.SelectMany(h => h.Categories), c => Assert.Contains(c, ModerationCategories.All));
    }

    [Fact]
    public void The_catalog_serves_llama_guard_3_1b_as_the_moderation_model()
    {
        var guard = ModelCatalog.BuiltIn.Find("llama-guard-3-1b")!;

        Assert.Equal(ModelRole.Moderation, guard.Role);
        Assert.EndsWith(".gguf", guard.File);
        Assert.Contains("Llama 3.2", guard.Licence);
    }
}
