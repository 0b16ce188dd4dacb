using System.CommandLine;

namespace Omnia.Cli.Commands;

/// <summary>Options of the commands that download from Hugging Face.</summary>
internal static class HubOptions
{
    public static Option<string?> Token() => new("--hf-token")
    {
        Description = "Hugging Face access token for gated repositories (default: $HF_TOKEN).",
    };

    public static Option<string?> Endpoint() => new("--hf-endpoint")
    {
        Description = "Hugging Face base address or a mirror of it (default: $HF_ENDPOINT, else https://huggingface.co).",
    };
}
