using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Tests.Responses;

/// <summary>Items kept as wire JSON come back as they went in, and become the chat messages a chain's history needs.</summary>
public sealed class ResponseItemsTests
{
    private static List<ResponseItem> Input(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ResponseItemReader.Input(document.RootElement.Clone(), "input");
    }

    [Fact]
    public void Stored_items_read_back_equal_with_their_ids()
    {
        var items = Input("""
            [{"role":"user","content":[{"type":"input_text","text":"look"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}]},
             {"role":"assistant","content":"a cat"},{"type":"function_call","call_id":"call_1","name":"f","arguments":"{\"a\":1}"},
             {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"4"},{"type":"input_text","text":"2"}]}]
            """);

        var stored = StoredForms.Items(items);
        var back = stored.Select(s => ResponseItemReader.Stored(s.Json)).ToList();

        Assert.Equal(items.Select(i => i.Id), back.Select(i => i.Id));
        Assert.Equal(stored.Select(s => s.Json), StoredForms.Items(back).Select(s => s.Json));
        Assert.Equal("42", Assert.IsType<FunctionCallOutputItem>(back[3]).Output);
        Assert.Contains("\"type\":\"message\"", stored[0].Json);
        Assert.Contains("\"type\":\"output_text\"", stored[1].Json);
    }

    [Fact]
    public void A_function_call_joins_the_assistant_message_before_it_and_its_output_is_a_tool_message()
    {
        var items = Input("""
            [{"role":"user","content":"time?"},{"role":"assistant","content":"let me see"},
             {"type":"function_call","call_id":"call_1","name":"get_time","arguments":"{\"city\":\"Oslo\"}"},
             {"type":"function_call_output","call_id":"call_1","output":"noon"}]
            """);
        var messages = new List<ChatMessage>();

        ResponseItemChatMapper.AddTo(messages, items, "input");

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role));
        var call = Assert.Single(messages[1].Contents.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_time"), (call.CallId, call.Name));
        Assert.Equal("noon", Assert.IsType<FunctionResultContent>(Assert.Single(messages[2].Contents)).Result);
        Assert.IsType<DataContent>(Input("""[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]""")
            .SelectMany(i => Messages(i)).Single().Contents.Single());
    }

    private static IEnumerable<ChatMessage> Messages(ResponseItem item)
    {
        var messages = new List<ChatMessage>();
        ResponseItemChatMapper.AddTo(messages, [item], "input");
        return messages;
    }
}
