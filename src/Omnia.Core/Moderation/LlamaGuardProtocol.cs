using System.Text;
using Microsoft.Extensions.AI;

namespace Omnia.Moderation;

/// <summary>
/// Llama Guard 3's side of a conversation: the prompt that asks it for a verdict (its model card's template: the
/// task, the hazard categories S1–S14, the conversation, the assessment instructions), the grammar its answer
/// follows, and the reading of that answer (<c>safe</c>, or <c>unsafe</c> and a line such as <c>S1,S10</c>) into
/// OpenAI's categories.
/// </summary>
/// <remarks>
/// Scores are 1 for a flagged category and 0 otherwise: the chat engine does not expose token probabilities, which
/// Llama Guard's card uses as the "unsafe" score.
/// </remarks>
public static class LlamaGuardProtocol
{
    /// <summary>Llama Guard 3's hazards, by code, with the OpenAI categories each maps to (none for six of them).</summary>
    public static IReadOnlyList<(string Code, string Name, string[] Categories)> Hazards { get; } =
    [
        ("S1", "Violent Crimes", [ModerationCategories.Violence, ModerationCategories.IllicitViolent]),
        ("S2", "Non-Violent Crimes", [ModerationCategories.Illicit]),
        ("S3", "Sex Crimes", [ModerationCategories.Sexual, ModerationCategories.Illicit]),
        ("S4", "Child Exploitation", [ModerationCategories.SexualMinors, ModerationCategories.Sexual]),
        ("S5", "Defamation", []),
        ("S6", "Specialized Advice", []),
        ("S7", "Privacy", []),
        ("S8", "Intellectual Property", []),
        ("S9", "Indiscriminate Weapons", [ModerationCategories.IllicitViolent, ModerationCategories.Illicit]),
        ("S10", "Hate", [ModerationCategories.Hate]),
        ("S11", "Self-Harm", [ModerationCategories.SelfHarm]),
        ("S12", "Sexual Content", [ModerationCategories.Sexual]),
        ("S13", "Elections", []),
        ("S14", "Code Interpreter Abuse", []),
    ];

    /// <summary>
    /// The answer's format as a GBNF grammar, so whatever model serves as the guard answers in a form
    /// <see cref="Parse"/> reads (a real Llama Guard answers so anyway; the grammar also bounds its length).
    /// </summary>
    public const string AnswerGrammar =
        "root ::= \"safe\" | \"unsafe\\n\" hazard (\",\" hazard){0,13}\n" +
        "hazard ::= \"S\" ([1-9] | \"1\" [0-4])\n";

    /// <summary>Tokens enough for the longest answer the grammar allows.</summary>
    public const int MaxAnswerTokens = 96;

    /// <summary>
    /// The guard's prompt for the last message of <paramref name="conversation"/>: an assistant message is assessed as
    /// the <c>Agent</c>'s, anything else as the <c>User</c>'s. Only user and assistant text is shown to the guard.
    /// </summary>
    public static string Prompt(IReadOnlyList<ChatMessage> conversation)
    {
        if (conversation.Count == 0)
            throw new ArgumentException("There is nothing to moderate.", nameof(conversation));
        var assessed = conversation[^1].Role == ChatRole.Assistant ? "Agent" : "User";

        var prompt = new StringBuilder()
            .Append("Task: Check if there is unsafe content in '").Append(assessed)
            .Append("' messages in conversations according our safety policy with the below categories.\n\n")
            .Append("<BEGIN UNSAFE CONTENT CATEGORIES>\n");
        foreach (var (code, name, _) in Hazards)
            prompt.Append(code).Append(": ").Append(name).Append(".\n");
        prompt.Append("<END UNSAFE CONTENT CATEGORIES>\n\n<BEGIN CONVERSATION>\n\n");
        foreach (var message in conversation)
        {
            if (message.Role != ChatRole.User && message.Role != ChatRole.Assistant)
                continue;
            prompt.Append(message.Role == ChatRole.Assistant ? "Agent" : "User").Append(": ").Append(message.Text).Append("\n\n");
        }
        return prompt
            .Append("<END CONVERSATION>\n\n")
            .Append("Provide your safety assessment for ONLY THE LAST ").Append(assessed).Append(" message in the above conversation:\n")
            .Append(" - First line must read 'safe' or 'unsafe'.\n")
            .Append(" - If unsafe, a second line must include a comma-separated list of violated categories.")
            .ToString();
    }

    /// <summary>Reads the guard's answer; anything outside its format is a <see cref="GuardAnswerException"/>, never a guess.</summary>
    public static ModerationResult Parse(string answer)
    {
        var lines = answer.Trim().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var verdict = lines.Length > 0 ? lines[0] : "";
        if (verdict.Equals("safe", StringComparison.OrdinalIgnoreCase))
            return ModerationResult.Safe;
        if (!verdict.Equals("unsafe", StringComparison.OrdinalIgnoreCase))
            throw new GuardAnswerException($"The moderation model's answer does not start with 'safe' or 'unsafe': '{Shorten(answer)}'.");

        var hazards = lines.Length > 1
            ? lines[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in hazards)
        {
            var hazard = Hazards.FirstOrDefault(h => h.Code.Equals(code, StringComparison.OrdinalIgnoreCase));
            if (hazard.Code is null)
                throw new GuardAnswerException($"The moderation model named an unknown hazard category '{Shorten(code)}' in '{Shorten(answer)}'.");
            categories.UnionWith(hazard.Categories);
        }
        return new ModerationResult(true, categories, categories.ToDictionary(c => c, _ => 1.0, StringComparer.Ordinal),
            hazards.Select(h => h.ToUpperInvariant()).ToList());
    }

    /// <summary>An answer is the model's text: quote only its start in an error.</summary>
    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
