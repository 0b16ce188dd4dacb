using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>
/// The client's <c>mcp_approval_response</c> items, each answering an <c>mcp_approval_request</c> of the previous
/// response: an approved call is made now, before the generation, and its result joins the prompt; a declined one
/// is not made, and the model is told so.
/// </summary>
internal static class McpApprovals
{
    public static async Task<List<ResponseItem>> RunAsync(
        MappedResponseRequest request, McpToolbox? toolbox, ResponseStores stores, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var answers = request.Input.Select((item, i) => (Answer: item as McpApprovalResponseItem, Param: JsonPath.Index("input", i)))
            .Where(a => a.Answer is not null).ToList();
        if (answers.Count == 0) return [];
        if (request.Template.PreviousResponseId is not { } previous)
            throw ApiException.BadRequest("An 'mcp_approval_response' answers a request of the previous response: send its id as 'previous_response_id'.", answers[0].Param);
        var stored = await stores.Responses.GetAsync(previous, cancellationToken)
            ?? throw ResponseHistory.NotFound($"Previous response with id {Echo.Quote(previous)} not found.", "previous_response_id");
        var asked = stored.Output.Select(i => ResponseItemReader.Stored(i.Json)).OfType<McpApprovalRequestItem>().ToDictionary(r => r.Id);

        var made = new List<ResponseItem>();
        foreach (var (answer, param) in answers)
        {
            if (!asked.Remove(answer!.ApprovalRequestId, out var call))
                throw ApiException.BadRequest(
                    $"{Echo.Quote(answer.ApprovalRequestId)} is not an unanswered 'mcp_approval_request' of response {Echo.Quote(previous)}.", $"{param}.approval_request_id");
            var server = toolbox?.Server(call.ServerLabel)
                ?? throw ApiException.BadRequest(
                    $"The call to approve goes to MCP server {Echo.Quote(call.ServerLabel)}: send its 'mcp' tool in 'tools' again.", "tools");
            // Approval does not widen 'allowed_tools': a tool the request no longer offers is not called.
            if (toolbox!.Find(call.Name) != server)
                throw ApiException.BadRequest(
                    $"Tool {Echo.Quote(call.Name)} of MCP server {Echo.Quote(call.ServerLabel)} is not among the tools this request allows.", $"{server.Spec.Param}.allowed_tools");
            if (!answer.Approve)
            {
                // Shown to the model only: no call was made, so there is no mcp_call item.
                ResponseItemChatMapper.AddMcpCall(messages, new McpCallItem(call.Id, "failed", call.ServerLabel, call.Name, call.Arguments, null,
                    "The user declined this call." + (string.IsNullOrEmpty(answer.Reason) ? "" : $" Reason: {answer.Reason}")));
                continue;
            }
            var (output, error) = await server.CallAsync(call.Name, call.Arguments, cancellationToken);
            var item = new McpCallItem(ResponseIds.McpCall(), error is null ? "completed" : "failed", call.ServerLabel, call.Name, call.Arguments, output, error)
            {
                ApprovalRequestId = call.Id,
            };
            ResponseItemChatMapper.AddMcpCall(messages, item);
            made.Add(item);
        }
        return made;
    }
}
