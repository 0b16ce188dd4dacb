using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Omnia.Server.Tests;

/// <summary>The official OpenAI .NET SDK, unchanged, against a real server.</summary>
public sealed class OpenAISdkTests
{
    private static ChatClient Client(OmniaServerInstance server, string key) =>
        new("stories260k", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    [Fact]
    public async Task The_sdk_completes_and_streams_a_chat()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["sdk-key"]);
        var client = Client(server, "sdk-key");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Seed = 3 };

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Once upon a time")], options);
        var streamed = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Once upon a time")], options))
        {
            foreach (var part in update.ContentUpdate) streamed.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.NotEmpty(completion.Content[0].Text);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.True(completion.Usage.OutputTokenCount is > 0 and <= 12);
        Assert.Equal(completion.Content[0].Text, streamed.ToString());
        Assert.NotNull(usage);
        Assert.NotNull(finish);
    }

    [Fact]
    public async Task The_sdk_sees_a_wrong_key_and_an_unknown_model_as_errors()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["sdk-key"]);

        var wrongKey = await Assert.ThrowsAsync<ClientResultException>(() => Client(server, "nope").CompleteChatAsync([new UserChatMessage("hi")]));
        var unknownModel = await Assert.ThrowsAsync<ClientResultException>(() =>
            new ChatClient("missing", new ApiKeyCredential("sdk-key"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") })
                .CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, wrongKey.Status);
        Assert.Equal(404, unknownModel.Status);
    }

    [Fact]
    public async Task The_sdk_reads_tool_calls()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync();
        var tool = ChatTool.CreateFunctionTool("get_time", "Current time in a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string","maxLength":10}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 100, Seed = 1 };

        ChatCompletion completion = await Client(server, "any").CompleteChatAsync([new UserChatMessage("What time is it in Oslo?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal("get_time", completion.ToolCalls[0].FunctionName);
        Assert.True(System.Text.Json.JsonDocument.Parse(completion.ToolCalls[0].FunctionArguments).RootElement.TryGetProperty("city", out _));
    }
}
