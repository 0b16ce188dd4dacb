using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Gguf;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests.Prefill;

/// <summary>
/// A prefill reads, from the same decode, the probability of the template's end-of-turn token right after the last
/// message: how sure the model is that the speaker is done. A random-weight qwen2 with ChatML control tokens.
/// </summary>
public sealed class EndOfTurnProbabilityTests : IDisposable
{
    private static readonly Qwen2Shape Shape = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 2048, 1_000_000f, 1e-6f);
    private readonly string _directory = Directory.CreateTempSubdirectory("omnia-eot-").FullName;
    private readonly string _path;
    private readonly LlamaModel _model;
    private readonly IChatClient _client;

    public EndOfTurnProbabilityTests()
    {
        _path = Path.Combine(_directory, "tiny-qwen2.gguf");
        Qwen2RandomModel.Create(Shape, GgufFile.Read(TestPaths.Stories260K), GgmlType.F32).WriteTo(_path);
        _model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = _path, Parallel = 2, ContextSize = 1024, Threads = 2 });
        _client = _model.CreateChatClient("tiny-qwen2");
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_probability_is_the_end_of_turn_tokens_softmax_after_the_last_message_as_a_separate_decode_gives_it()
    {
        List<ChatMessage> messages = [new(ChatRole.System, "You are brief."), new(ChatRole.User, "Could you book a table for")];

        var prefilled = await _client.GetRequiredService<IPromptPrefiller>().PrefillAsync(messages, new ChatOptions { ConversationId = "c1" }, CancellationToken.None);

        var (expected, tokensBefore) = ReferenceProbability(messages);
        Assert.NotNull(prefilled.EndOfTurnProbability);
        Assert.Equal(expected, prefilled.EndOfTurnProbability!.Value, 4);
        Assert.Equal(tokensBefore, prefilled.PromptTokens);
    }

    [Fact]
    public async Task The_answer_after_the_prefill_reads_only_the_template_tokens_from_the_messages_end_of_turn_on()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Could you book a table for four people tonight")];
        var options = new ChatOptions { ConversationId = "c2", MaxOutputTokens = 2, Temperature = 0 };
        var prefilled = await _client.GetRequiredService<IPromptPrefiller>().PrefillAsync(messages, options, CancellationToken.None);

        var answer = await _client.GetResponseAsync(messages, options);

        var tokens = _model.Renderer.Tokenize(_model.Renderer.Render(messages, [], []));
        var end = Array.LastIndexOf(tokens, _model.Weights.NativeHandle.Vocab.EOT!.Value);
        Assert.Equal(end, prefilled.PromptTokens);
        Assert.Equal(end, answer.Usage!.CachedInputTokenCount);
        Assert.Equal(tokens.Length, answer.Usage.InputTokenCount);
    }

    /// <summary>Decodes the prompt up to the message's end-of-turn token in a context of its own and reads the token's probability.</summary>
    private (double Probability, int Tokens) ReferenceProbability(List<ChatMessage> messages)
    {
        var tokens = _model.Renderer.Tokenize(_model.Renderer.Render(messages, [], []));
        var eot = _model.Weights.NativeHandle.Vocab.EOT!.Value;
        var before = tokens[..Array.LastIndexOf(tokens, eot)];
        using var context = _model.Weights.CreateContext(new ModelParams(_path) { ContextSize = 256, Threads = 1 });
        var batch = new LLamaBatch();
        for (var i = 0; i < before.Length; i++) batch.Add(before[i], i, LLamaSeqId.Zero, i == before.Length - 1);
        context.NativeHandle.Decode(batch);
        var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
        var max = logits.Max();
        var sum = logits.Sum(l => Math.Exp(l - max));
        return (Math.Exp(logits[(int)eot] - max) / sum, before.Length);
    }
}
