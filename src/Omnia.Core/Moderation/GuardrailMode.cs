namespace Omnia.Moderation;

/// <summary>What a guardrail does with content the guard model flags.</summary>
public enum GuardrailMode
{
    /// <summary>Nothing is checked.</summary>
    Off,

    /// <summary>Checked; a flag is logged and counted, and the content goes through.</summary>
    Flag,

    /// <summary>Checked; flagged input is refused (400 <c>content_policy_violation</c>), a flagged answer replaced by a refusal.</summary>
    Refuse,
}
