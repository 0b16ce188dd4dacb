using Microsoft.Extensions.AI;
using Omnia.Gguf;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests.Caching;

/// <summary>
/// Answers sent back in the history are prompted as the tokens they were generated as. A random-weight qwen2 model
/// with ChatML control tokens (the bench models' kind) answers in tokens its tokenizer would spell otherwise, so
/// without splicing each answer would be prefilled again, re-spelled.
/// </summary>
public sealed class AnswerSplicingTests : IDisposable
{
    private static readonly Qwen2Shape Shape = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 2048, 1_000_000f, 1e-6f);
    private readonly string _directory = Directory.CreateTempSubdirectory("omnia-splice-").FullName;
    private readonly LlamaModel _model;
    private readonly IChatClient _client;

    public AnswerSplicingTests()
    {
        var path = Path.Combine(_directory, "tiny-qwen2.gguf");
        Qwen2RandomModel.Create(Shape, GgufFile.Read(TestPaths.Stories260K), GgmlType.F32).WriteTo(path);
        _model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = path, Parallel = 2, ContextSize = 1024, Threads = 2 });
        _client = _model.CreateChatClient("tiny-qwen2");
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<ChatResponse> AskAsync(List<ChatMessage> history, bool cache) => _client.GetResponseAsync(history, new ChatOptions
    {
        Temperature = 0,
        MaxOutputTokens = 24,
        ConversationId = cache ? "chat-1" : null,
        AdditionalProperties = new() { ["ignore_eos"] = true, ["cache_prompt"] = cache },
    });

    [Fact]
    public async Task Every_cell_a_turn_left_is_reused_by_the_next_and_answers_equal_a_whole_decode()
    {
        List<ChatMessage> history = [new(ChatRole.System, "You tell short stories."), new(ChatRole.User, "Once upon a time")];
        var previous = await AskAsync(history, cache: true);
        for (var turn = 1; turn <= 3; turn++)
        {
            history.Add(new(ChatRole.Assistant, previous.Text));
            history.Add(new(ChatRole.User, $"And then {turn}?"));

            var answer = await AskAsync(history, cache: true);

            // Its prompt and each answer token decoded (the last one sampled was not).
            Assert.Equal(previous.Usage!.InputTokenCount + previous.Usage.OutputTokenCount - 1, answer.Usage!.CachedInputTokenCount);
            Assert.Equal((await AskAsync(history, cache: false)).Text, answer.Text);
            previous = answer;
        }
    }

    [Fact]
    public async Task An_answer_edited_by_the_client_is_tokenized_from_its_text()
    {
        List<ChatMessage> history = [new(ChatRole.User, "Once upon a time")];
        var answer = await AskAsync(history, cache: true);
        history.Add(new(ChatRole.Assistant, answer.Text + " (edited)"));
        history.Add(new(ChatRole.User, "And then?"));

        var next = await AskAsync(history, cache: true);

        Assert.True(next.Usage!.CachedInputTokenCount < answer.Usage!.InputTokenCount + answer.Usage.OutputTokenCount - 1);
        Assert.Equal((await AskAsync(history, cache: false)).Text, next.Text);
    }
}
