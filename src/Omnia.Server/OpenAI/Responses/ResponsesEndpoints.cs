using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Errors;
using Omnia.Server.Errors;
using Omnia.Server.Observability;
using Omnia.Server.OpenAI.Responses.Mcp;
using Omnia.Server.RateLimits;
using Omnia.Storage;
using Omnia.Voice.Conversation;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// <c>/v1/responses</c>: create (whole, streamed as SSE events, or in the background), retrieve, delete, cancel and
/// list input items. A stored response is kept with its input and output, so a later one can continue it.
/// </summary>
internal static partial class ResponsesEndpoints
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder v1)
    {
        v1.MapPost("/responses", CreateAsync);
        v1.MapGet("/responses/{id}", GetAsync);
        v1.MapDelete("/responses/{id}", DeleteAsync);
        v1.MapPost("/responses/{id}/cancel", CancelAsync);
        v1.MapGet("/responses/{id}/input_items", InputItemsAsync);
    }

    public static async Task<IResult> CreateAsync(HttpContext context, ResponsesDependencies deps)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ResponseCreateRequest>(context, cancellation);
        var request = ResponseRequestMapper.Map(body, ResponseIds.Response(), deps.Time.GetUtcNow());
        var template = request.Template;
        var client = ModelResolver.ChatClient(deps.Registry, template.Model);
        client = ImageGenerationChatClient.For(client, request, deps.Registry);
        var (messages, cacheKey) = await ResponseHistory.BuildAsync(request, deps.Stores, cancellation);
        // One key per chain or conversation, so the engine keeps the chain's prompt cache for its next turn.
        request.Options.ConversationId = cacheKey;
        var tokens = RequestBudget.Of(context).ReserveTokens(TokenEstimate.Of(messages, request.Options.MaxOutputTokens));
        await deps.Media.PrepareAsync(messages, cancellation);
        if (request.TruncateAuto) client = new TruncatingChatClient(client, () => ConversationTruncation.Auto);
        var run = new ResponseRun(template, new CompletionMeter(deps.Metrics, deps.Time, template.Model, tokens));
        // The MCP servers are listed (and approved calls made) before anything is answered, so a server that cannot
        // be reached is this request's status code.
        var toolbox = await McpToolbox.ConnectAsync(request.McpServers, deps.Mcp, request.Options, cancellation);
        var owned = true;
        try
        {
            if (toolbox is null && request.Input.OfType<McpApprovalResponseItem>().Any())
                throw ApiException.BadRequest("An 'mcp_approval_response' needs the 'mcp' tool of the call it approves in 'tools'.", "tools");
            McpContinuation? mcp = toolbox is null ? null
                : new(toolbox, client, messages, request.Options, [.. toolbox.Listings, .. await McpApprovals.RunAsync(request, toolbox, deps.Stores, messages, cancellation)]);

            if (template.Background)
            {
                // Leased from the first save, so a server killed before the run started leaves nothing queued forever.
                await deps.Stores.Responses.SaveAsync(StoredForms.Response(template, request.Input) with { LeaseExpiresAt = deps.Leases.NextExpiry() }, cancellation);
                deps.Background.Start(template.Id, async token =>
                {
                    await using var _ = toolbox;
                    await RunInBackgroundAsync(deps, client, messages, request, run, mcp, token);
                });
                owned = false;
                return Json(template);
            }

            // The first update is awaited before any byte is sent, so a refused request still gets its status code.
            var updates = client.GetStreamingResponseAsync(messages, request.Options, cancellation).GetAsyncEnumerator(cancellation);
            var first = await FirstAsync(updates, request.TruncateAuto);
            if (request.Stream)
            {
                owned = false;
                return TypedResults.ServerSentEvents(StreamAsync(deps, request, run, updates, first, mcp, toolbox, cancellation));
            }

            await foreach (var _ in run.RunAsync(updates, first, mcp, CancellationToken.None, cancellation)) { }
            await SaveAsync(deps.Stores, request, run.Response, cancellation);
            if (run.Response.Status == "failed")
                throw new ApiException(500, run.Response.Error!.Message, ApiException.Server, null, run.Response.Error.Code);
            return Json(run.Response);
        }
        finally
        {
            if (owned && toolbox is not null) await toolbox.DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        ResponsesDependencies deps, MappedResponseRequest request, ResponseRun run, IAsyncEnumerator<ChatResponseUpdate> updates, bool first,
        McpContinuation? mcp, McpToolbox? toolbox, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var _ = toolbox;
        var sequence = 0;
        SseItem<string> Sse(ResponseStreamEvent e) =>
            new(JsonSerializer.Serialize(e with { SequenceNumber = sequence++ }, OpenAIJson.Options), e.EventName());

        yield return Sse(new ResponseCreatedEvent(request.Template));
        yield return Sse(new ResponseInProgressEvent(request.Template));
        await foreach (var e in run.RunAsync(updates, first, mcp, CancellationToken.None, cancellation))
        {
            if (e is ResponseCompletedEvent or ResponseIncompleteEvent or ResponseFailedEvent)
            {
                // Kept before the client hears it is done, so a response it was told of can always be continued.
                ApiException? failure = null;
                try
                {
                    await SaveAsync(deps.Stores, request, run.Response, cancellation);
                }
                catch (Exception saveFailure) when (saveFailure is not OperationCanceledException)
                {
                    failure = ErrorMapping.ToApiException(saveFailure);
                    StreamSaveFailed(deps.Logger, request.Template.Id, failure.Message);
                }
                if (failure is not null)
                {
                    yield return Sse(new ResponseErrorEvent(failure.Code, failure.Message, failure.Param));
                    yield break;
                }
            }
            yield return Sse(e);
        }
    }

    private static async Task RunInBackgroundAsync(
        ResponsesDependencies deps, IChatClient client, List<ChatMessage> messages, MappedResponseRequest request, ResponseRun run, McpContinuation? mcp, CancellationToken token)
    {
        var id = request.Template.Id;
        ResponseObject final;
        // Saved with no token of the request's: the request that started it has been answered already.
        await using (var lease = deps.Leases.Hold(id, token))
        {
            var held = lease.Token;
            try
            {
                if (!await deps.Stores.Responses.SaveLeasedAsync(StoredForms.Response(run.Response with { Status = "in_progress" }, request.Input) with { LeaseExpiresAt = lease.NextExpiry() }, CancellationToken.None))
                {
                    NotStarted(deps.Logger, id);
                    return;
                }
                var updates = client.GetStreamingResponseAsync(messages, request.Options, held).GetAsyncEnumerator(held);
                var first = await FirstAsync(updates, request.TruncateAuto);
                await foreach (var _ in run.RunAsync(updates, first, mcp, held, CancellationToken.None)) { }
                final = run.Response;
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
                final = run.End("cancelled", null);
            }
            catch (Exception e)
            {
                // Recorded, so a client polling it sees why rather than a response queued forever.
                final = run.End("failed", ErrorMapping.ToApiException(e));
            }
            // Leaving the block stops the renewals, so none comes after the end is saved.
            if (lease.Lost) return;
        }
        if (final.Status == "cancelled" && deps.Background.Stopping)
            final = run.End("failed", new ApiException(503, "The server stopped before the response completed.", ApiException.Server, null, "server_error"));
        try
        {
            // The end clears the lease; refused when the lease was lost meanwhile, since then clients were told it failed.
            if (!await deps.Stores.Responses.SaveLeasedAsync(StoredForms.Response(final, request.Input), CancellationToken.None))
                EndNotSaved(deps.Logger, id, final.Status);
        }
        catch (KeyNotFoundException)
        {
            throw ResponseHistory.NotFound($"Conversation with id {Echo.Quote(request.ConversationId)} not found: it was deleted while the response ran.", "conversation");
        }
    }

    /// <summary>The engine's first update; a prompt longer than the context is a 400 on <c>input</c> that says what to do.</summary>
    private static async Task<bool> FirstAsync(IAsyncEnumerator<ChatResponseUpdate> updates, bool truncated)
    {
        try
        {
            return await updates.MoveNextAsync();
        }
        catch (ContextLengthExceededException tooLong)
        {
            await updates.DisposeAsync();
            throw ApiException.BadRequest(truncated
                ? $"The input alone comes to {tooLong.PromptTokens} tokens, more than this model's context of {tooLong.ContextSize} tokens, even with the oldest items dropped ('truncation': 'auto'). Shorten the input."
                : $"The input and its history come to {tooLong.PromptTokens} tokens, more than this model's context of {tooLong.ContextSize} tokens. Send 'truncation': 'auto' to drop the oldest items, or shorten the input.",
                "input", "context_length_exceeded");
        }
        catch
        {
            await updates.DisposeAsync();
            throw;
        }
    }

    private static async Task SaveAsync(ResponseStores stores, MappedResponseRequest request, ResponseObject response, CancellationToken cancellationToken)
    {
        if (!response.Store) return;
        try
        {
            await stores.Responses.SaveAsync(StoredForms.Response(response, request.Input), cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw ResponseHistory.NotFound($"Conversation with id {Echo.Quote(request.ConversationId)} not found: it was deleted while the response ran.", "conversation");
        }
    }

    public static async Task<IResult> GetAsync(string id, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var stored = await deps.Stores.Responses.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        return Results.Content(stored.Json, "application/json");
    }

    public static async Task<IResult> DeleteAsync(string id, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        await deps.Background.CancelAsync(id, cancellationToken);
        if (!await deps.Stores.Responses.DeleteAsync(id, cancellationToken)) throw NotFound(id);
        return Json(new DeletedObject(id, "response.deleted", true));
    }

    public static async Task<IResult> CancelAsync(string id, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var ran = await deps.Background.CancelAsync(id, cancellationToken);
        var stored = await deps.Stores.Responses.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        if (!ran)
        {
            using var document = JsonDocument.Parse(stored.Json);
            if (!document.RootElement.TryGetProperty("background", out var background) || background.ValueKind != JsonValueKind.True)
                throw ApiException.BadRequest("Only responses created with 'background': true can be cancelled.", "response_id");
        }
        return Results.Content(stored.Json, "application/json");
    }

    public static async Task<IResult> InputItemsAsync(string id, HttpRequest http, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var page = ItemPaging.From(http);
        var items = await deps.Stores.Responses.ListInputItemsAsync(id, page, cancellationToken) ?? throw NotFound(id);
        return Json(StoredForms.Page(items));
    }

    private static ApiException NotFound(string id) => ResponseHistory.NotFound($"Response with id {Echo.Quote(id)} not found.", "response_id");

    private static IResult Json<T>(T value) => Results.Json(value, OpenAIJson.Options);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background response {Id} was not started: it is no longer queued under this server's lease (deleted, or failed after the lease passed)")]
    private static partial void NotStarted(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background response {Id} ended {Status} but no longer held its lease (deleted, or failed after the lease passed): its end is not saved")]
    private static partial void EndNotSaved(ILogger logger, string id, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Streamed response {Id} ended but could not be stored: {Reason}")]
    private static partial void StreamSaveFailed(ILogger logger, string id, string reason);
}
