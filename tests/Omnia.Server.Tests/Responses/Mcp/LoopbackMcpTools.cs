using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Omnia.Server.Tests.Responses.Mcp;

/// <summary>
/// The tools of <see cref="LoopbackMcpServer"/>: each answers something a test can check against its arguments, which
/// are bounded so stories260K's grammar-driven calls stay short.
/// </summary>
[McpServerToolType]
public sealed class LoopbackMcpTools(IHttpContextAccessor http)
{
    [McpServerTool(Name = "add", ReadOnly = true), Description("Adds two integers.")]
    public static long Add([Range(0, 999)] long a, [Range(0, 999)] long b) => a + b;

    [McpServerTool(Name = "echo"), Description("Returns the text it is given.")]
    public static string Echo([MaxLength(12)] string text) => text;

    [McpServerTool(Name = "fail"), Description("Always fails.")]
    public static string Fail([MaxLength(12)] string text) => throw new McpException($"fail was asked to fail with {text.Length} characters");

    [McpServerTool(Name = "whoami"), Description("The Authorization header of the request.")]
    public string WhoAmI([MaxLength(12)] string text) => http.HttpContext?.Request.Headers.Authorization.ToString() ?? "";
}
