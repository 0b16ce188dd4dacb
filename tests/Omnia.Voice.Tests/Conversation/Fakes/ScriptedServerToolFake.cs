using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>A server tool fake: answers each call from <paramref name="answer"/> (which may throw) and records the arguments it was called with.</summary>
internal sealed class ScriptedServerToolFake(string name, Func<string, ToolResult> answer, bool requiresApproval = false, string source = "tools_fake") : IServerTool
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    public AIFunctionDeclaration Declaration { get; } =
        AIFunctionFactory.CreateDeclaration(name, "A scripted tool.", System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

    public string Source => source;
    public bool RequiresApproval => requiresApproval;

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public Task<ToolResult> InvokeAsync(string arguments, CancellationToken cancellationToken)
    {
        lock (_gate) _calls.Add(arguments);
        return Task.FromResult(answer(arguments));
    }
}
