using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>A server tool fake whose calls never answer: they end only when cancelled. <see cref="Started"/> completes when the first call is made.</summary>
internal sealed class HangingServerToolFake(string name) : IServerTool
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AIFunctionDeclaration Declaration { get; } =
        AIFunctionFactory.CreateDeclaration(name, "A tool that never answers.", System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

    public string Source => "hanging_fake";
    public bool RequiresApproval => false;
    public Task Started => _started.Task;

    public async Task<ToolResult> InvokeAsync(string arguments, CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return new ToolResult("never");
    }
}
