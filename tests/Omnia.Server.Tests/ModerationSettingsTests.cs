using Microsoft.Extensions.Configuration;
using Omnia.Cli.Hosting;
using Omnia.Moderation;

namespace Omnia.Server.Tests;

public sealed class ModerationSettingsTests
{
    [Fact]
    public void The_guard_model_and_per_model_guardrails_bind_from_the_omnia_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Omnia:Moderation:Model"] = "llama-guard-3-1b",
            ["Omnia:Moderation:ContextSize"] = "8192",
            ["Omnia:Guardrails:qwen2.5-omni-3b:Input"] = "refuse",
            ["Omnia:Guardrails:qwen2.5-omni-3b:Output"] = "flag",
        }).Build();

        var settings = ServeSettings.FromConfiguration(configuration);

        Assert.Equal("llama-guard-3-1b", settings.Moderation.Model);
        Assert.Equal(8192, settings.Moderation.ContextSize);
        Assert.Equal(4, settings.Moderation.Parallel);
        Assert.Equal(new Guardrail { Input = GuardrailMode.Refuse, Output = GuardrailMode.Flag }, settings.Guardrails["qwen2.5-omni-3b"]);
    }

    [Fact]
    public void By_default_there_is_no_guard_and_no_guardrail()
    {
        var settings = ServeSettings.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Null(settings.Moderation.Model);
        Assert.Empty(settings.Guardrails);
    }
}
