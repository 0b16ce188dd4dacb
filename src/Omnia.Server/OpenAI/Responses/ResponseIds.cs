using System.Security.Cryptography;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>Public ids: a prefix and 48 hex digits (192 random bits) from the system's secure generator, so none can be guessed.</summary>
internal static class ResponseIds
{
    public static string Response() => New("resp_");
    public static string Message() => New("msg_");
    public static string FunctionCall() => New("fc_");
    public static string FunctionCallOutput() => New("fco_");
    public static string McpListTools() => New("mcpl_");
    public static string McpCall() => New("mcp_");
    public static string McpApprovalRequest() => New("mcpr_");
    public static string McpApprovalResponse() => New("mcpa_");
    public static string Conversation() => New("conv_");
    public static string ImageGenerationCall() => New("ig_");

    private static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
