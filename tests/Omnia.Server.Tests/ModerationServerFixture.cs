using Omnia.Catalog;
using Omnia.Cli.Hosting;
using Omnia.Models;
using Omnia.Moderation;

namespace Omnia.Server.Tests;

/// <summary>
/// A stories260K server whose moderation model is stories260K too (served as <c>stories260k-moderation</c>), with
/// flag guardrails on its chat model, plus a scripted guard served as <c>scripted-guard</c> that always answers
/// <c>unsafe S1,S10</c>, and one served as <c>babbling-guard</c> that answers outside Llama Guard's format.
/// </summary>
public sealed class ModerationServerFixture : IAsyncLifetime
{
    internal ScriptedGuardChatClientFake ScriptedGuard { get; } = new(_ => "unsafe\nS1,S10");

    public OmniaServerInstance Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await OmniaServerInstance.StartAsync(new ServeSettings
        {
            ChatModel = "stories260k",
            Parallel = 2,
            ContextSize = 512,
            Threads = 1,
            Moderation = new ModerationSetting { Model = "stories260k", ContextSize = 2048, Parallel = 4 },
            Guardrails = new Dictionary<string, Guardrail> { ["stories260k"] = new() { Input = GuardrailMode.Flag, Output = GuardrailMode.Flag } },
        });
        var scripted = new ServedModel("scripted-guard", ModelRole.Moderation);
        scripted.MarkReady(ScriptedGuard);
        Server.Registry.Add(scripted);
        var babbling = new ServedModel("babbling-guard", ModelRole.Moderation);
        babbling.MarkReady(new ScriptedGuardChatClientFake(_ => "Once upon a time there was a guard."));
        Server.Registry.Add(babbling);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
