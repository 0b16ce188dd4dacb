namespace Omnia.Server.OpenAI;

/// <summary>Constants of the OpenAI wire protocol as Omnia speaks it.</summary>
internal static class OpenAIProtocol
{
    /// <summary>Identifies the serving stack in each completion, as OpenAI's backend configuration fingerprint does.</summary>
    public const string SystemFingerprint = "fp_omnia";

    public const string Done = "[DONE]";
}
