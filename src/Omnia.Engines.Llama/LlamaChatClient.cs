using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Engines.Llama.Grammar;
using Omnia.Engines.Llama.Inference;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Engines.Llama.Prompting;
using Omnia.Errors;

namespace Omnia.Engines.Llama;

/// <summary>
/// <see cref="IChatClient"/> over a <see cref="LlamaModel"/>. The caller's thread renders the template, tokenizes and
/// builds grammars; the model's decode loop only decodes and samples.
/// </summary>
internal sealed class LlamaChatClient(LlamaModel model, string modelId) : IChatClient, Omnia.Chat.IPromptPrefiller
{
    private readonly ChatClientMetadata _metadata = new("omnia-llama", null, modelId);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tools = ActiveTools(options);
        var sampling = Sampling(options, tools);
        var (tokens, media) = await PromptAsync(messages, options, tools, cancellationToken);

        // With media the text alone is a lower bound: the loop counts the media's positions and refuses a prompt
        // that overflows, and stops generating at the context's end.
        var room = model.ContextSize - tokens.Length;
        var maxTokens = Math.Min(options?.MaxOutputTokens ?? room, room);
        if (maxTokens < 1)
            throw new InvalidRequestException("max_tokens must be at least 1.", "max_tokens");

        // Leaving the enumeration early (a client gone, a consumer that stops reading) must stop decoding too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new GenerationRequest(
            media is null ? tokens : [], sampling, options?.StopSequences?.ToList() ?? [], maxTokens, stop.Token, media,
            cachePrompt: CachePrompt(options), conversationId: options?.ConversationId);
        model.Enqueue(request);

        var responseId = "chatcmpl-" + RandomId();
        var created = DateTimeOffset.UtcNow;
        var extractor = tools.Count > 0 ? new ToolCallExtractor(() => "call_" + RandomId()) : null;
        var calledTools = false;
        try
        {
            await foreach (var item in request.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Text is { } text)
                {
                    var contents = extractor is null ? [new TextContent(text)] : extractor.Push(text);
                    calledTools |= contents.OfType<FunctionCallContent>().Any();
                    if (contents.Count > 0) yield return Update(contents, null);
                    continue;
                }

                var finish = item.Finish!;
                if (extractor is not null)
                {
                    var rest = extractor.Flush();
                    calledTools |= rest.OfType<FunctionCallContent>().Any();
                    if (rest.Count > 0) yield return Update(rest, null);
                }
                var reason = calledTools ? ChatFinishReason.ToolCalls
                    : finish.Reason == GenerationStopReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
                var usage = new UsageContent(new UsageDetails
                {
                    InputTokenCount = finish.PromptTokens,
                    CachedInputTokenCount = finish.CachedTokens,
                    OutputTokenCount = finish.CompletionTokens,
                    TotalTokenCount = finish.PromptTokens + finish.CompletionTokens,
                });
                yield return Update([usage], reason);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? reason) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            CreatedAt = created,
            ModelId = modelId,
            FinishReason = reason,
        };
    }

    /// <summary>
    /// The prompt into the conversation's cache, no answer: the voice pipeline's live transcript. A text prompt stops
    /// before the end-of-turn token that closes its last message, and the probability of that token there is read
    /// from the same decode: how sure the model is that the speaker has finished (the answer's request reads the
    /// few template tokens left itself).
    /// </summary>
    public async Task<Omnia.Chat.PrefilledPrompt> PrefillAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (!CachePrompt(options)) return new(0, null);
        var (tokens, media) = await PromptAsync(messages, options, ActiveTools(options), cancellationToken);
        LLama.Native.LLamaToken? endOfTurn = null;
        if (media is null && model.Weights.NativeHandle.Vocab.EOT is { } eot && Array.LastIndexOf(tokens, eot) is var end and > 0)
        {
            tokens = tokens[..end];
            endOfTurn = eot;
        }
        var request = new GenerationRequest(
            media is null ? tokens : [], new SamplingSettings { Temperature = 0 }, [], 1, cancellationToken, media,
            conversationId: options?.ConversationId, prefillOnly: true, endOfTurnToken: endOfTurn);
        model.Enqueue(request);
        var held = new Omnia.Chat.PrefilledPrompt(0, null);
        await foreach (var item in request.Reader.ReadAllAsync(cancellationToken))
            if (item.Finish is { } finish) held = new(finish.PromptTokens, finish.EndOfTurnProbability);
        return held;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(LlamaEngineCounters) ? model.Counters
        : serviceType == typeof(LlamaModel) || serviceType == typeof(Omnia.Chat.IConversationCache) ? model
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The model owns the native resources; clients are views of it.
    }

    /// <summary>The rendered, tokenized prompt; with media, the text and media for libmtmd (the tokens are then a lower bound).</summary>
    private async Task<(LLama.Native.LLamaToken[] Tokens, MediaPrompt? Media)> PromptAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, IReadOnlyList<AIFunctionDeclaration> tools, CancellationToken cancellationToken)
    {
        var mediaParts = new List<DataContent>();
        var rendered = model.Renderer.Render(messages, tools.Count > 0 || options?.ToolMode is not NoneChatToolMode ? tools : [], mediaParts);
        model.PromptBound.ThrowIfCertainlyTooLong(rendered.Text);
        // libmtmd tokenizes a media prompt's text itself; its tokens here only bound its length.
        var tokens = mediaParts.Count == 0 ? model.Renderer.Tokenize(rendered) : model.Renderer.Tokenize(rendered.Text);
        if (tokens.Length + AnswerRoom(options) >= model.ContextSize)
            throw new ContextLengthExceededException(tokens.Length, model.ContextSize);
        var media = mediaParts.Count == 0 ? null
            : await MediaPromptBuilder.BuildAsync(rendered.Text, mediaParts, model.Renderer.MediaMarker, model.AudioSampleRate, cancellationToken);
        return (tokens, media);
    }

    /// <summary>The room a caller asked to keep for the answer (<see cref="Omnia.Chat.ChatProperties.AnswerRoom"/>), at most an eighth of the context (below what truncation frees, so a cut is not made again at once).</summary>
    private int AnswerRoom(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Omnia.Chat.ChatProperties.AnswerRoom, out var room) == true && room is int tokens
            ? Math.Clamp(tokens, 0, model.ContextSize / 8)
            : 0;

    private IReadOnlyList<AIFunctionDeclaration> ActiveTools(ChatOptions? options)
    {
        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (tools.Count == 0 || options?.ToolMode is NoneChatToolMode) return [];
        if (!model.SupportsTools)
            throw new InvalidRequestException($"Model '{modelId}' has a chat template without tool support, so it cannot call tools.", "tools", "tools_not_supported");
        return tools;
    }

    private static SamplingSettings Sampling(ChatOptions? options, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        var temperature = options?.Temperature ?? 1f;
        var topP = options?.TopP ?? 1f;
        var presence = options?.PresencePenalty ?? 0f;
        var frequency = options?.FrequencyPenalty ?? 0f;
        Check(temperature is >= 0 and <= 2, "temperature must be between 0 and 2.", "temperature");
        Check(topP is > 0 and <= 1, "top_p must be greater than 0 and at most 1.", "top_p");
        Check(presence is >= -2 and <= 2, "presence_penalty must be between -2 and 2.", "presence_penalty");
        Check(frequency is >= -2 and <= 2, "frequency_penalty must be between -2 and 2.", "frequency_penalty");
        var minP = Extra(options, "min_p", 0.05f);
        Check(minP is >= 0 and <= 1, "min_p must be between 0 and 1.", "min_p");
        var repeat = Extra(options, "repeat_penalty", 1f);
        Check(repeat is > 0 and <= 10, "repeat_penalty must be greater than 0 and at most 10.", "repeat_penalty");
        var grammar = GrammarFor(options, tools);

        return new SamplingSettings
        {
            Temperature = temperature,
            TopP = topP,
            TopK = options?.TopK ?? 40,
            MinP = minP,
            PresencePenalty = presence,
            FrequencyPenalty = frequency,
            RepeatPenalty = repeat,
            Seed = options?.Seed is { } seed ? unchecked((uint)seed) : (uint)RandomNumberGenerator.GetInt32(int.MaxValue),
            Grammar = grammar,
            // A finished grammar allows only end-of-generation: banning it too leaves no token, and llama.cpp aborts
            // the process on whatever is sampled then. The grammar already keeps generation going until it is done.
            IgnoreEos = grammar is null && options?.AdditionalProperties?.TryGetValue("ignore_eos", out var ignore) == true && ignore is true,
        };
    }

    private static string? GrammarFor(ChatOptions? options, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        if (tools.Count > 0 && options?.ToolMode is RequiredChatToolMode required)
        {
            var chosen = required.RequiredFunctionName is { } name
                ? tools.Where(t => t.Name == name).ToList()
                : tools;
            if (chosen.Count == 0)
                throw new InvalidRequestException($"tool_choice names function '{required.RequiredFunctionName}', which is not among the tools.", "tool_choice");
            // The param names the tool's place in the request, so a schema that cannot compile points at its tool.
            var declared = options.Tools!;
            return JsonGrammar.ForToolCalls(chosen.Select(t => (t.Name, t.JsonSchema, $"tools[{declared.IndexOf(t)}].function.parameters")).ToList());
        }

        // Omnia's own callers (the moderation guard) constrain an answer with a constant grammar of their own; it is
        // checked like every other grammar, since llama.cpp aborts the process on one it cannot use.
        if (options?.AdditionalProperties?.TryGetValue(Omnia.Chat.ChatProperties.Grammar, out var grammar) == true && grammar is string gbnf)
        {
            GbnfCheck.Check(gbnf);
            return gbnf;
        }

        return options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => JsonGrammar.FromSchema(schema),
            ChatResponseFormatJson => JsonGrammar.AnyObject(),
            _ => null,
        };
    }

    /// <summary>llama.cpp's per-request switch; true unless the request says otherwise.</summary>
    private static bool CachePrompt(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue("cache_prompt", out var value) != true || value switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } e => e.GetBoolean(),
            _ => throw new InvalidRequestException("cache_prompt must be a boolean.", "cache_prompt"),
        };

    private static float Extra(ChatOptions? options, string key, float fallback) =>
        options?.AdditionalProperties?.TryGetValue(key, out var value) == true
            ? value switch
            {
                float f => f,
                double d => (float)d,
                int i => i,
                JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
                _ => throw new InvalidRequestException($"{key} must be a number.", key),
            }
            : fallback;

    private static void Check(bool ok, string message, string param)
    {
        if (!ok) throw new InvalidRequestException(message, param);
    }

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
