namespace Omnia.Moderation;

/// <summary>The guardrails of one chat model: <c>Omnia:Guardrails:&lt;model&gt;:Input</c> and <c>:Output</c>.</summary>
public sealed record Guardrail
{
    /// <summary>The check of the last user message before the model sees it.</summary>
    public GuardrailMode Input { get; init; }

    /// <summary>The check of the model's answer before the client sees it (in <c>refuse</c> mode a stream is held back until checked).</summary>
    public GuardrailMode Output { get; init; }

    public bool IsOff => Input == GuardrailMode.Off && Output == GuardrailMode.Off;
}
