using Microsoft.Extensions.AI;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>One scripted answer of <see cref="ScriptedChatClientFake"/>: its steps, in order.</summary>
internal sealed record ScriptedAnswer(IReadOnlyList<ScriptedStep> Steps)
{
    /// <summary>An answer of these text pieces, each at once.</summary>
    public static ScriptedAnswer Text(params string[] pieces) => new(pieces.Select(p => new ScriptedStep(TimeSpan.Zero, new TextContent(p), null)).ToList());

    public static ScriptedAnswer Failing(string message) => new([new ScriptedStep(TimeSpan.Zero, null, new InvalidOperationException(message))]);

    /// <summary>The same answer with <paramref name="content"/> after waiting <paramref name="delay"/> on the fake clock.</summary>
    public ScriptedAnswer Then(TimeSpan delay, AIContent content) => new([.. Steps, new ScriptedStep(delay, content, null)]);
}

/// <summary>Wait <see cref="Delay"/>, then give <see cref="Content"/> or throw <see cref="Failure"/>.</summary>
internal sealed record ScriptedStep(TimeSpan Delay, AIContent? Content, Exception? Failure);
