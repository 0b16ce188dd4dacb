using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Responses;

namespace Omnia.Server.Tests.Responses;

/// <summary>The request mapping of <c>POST /v1/responses</c>: every bad field a 400 naming its path, the good ones as chat options.</summary>
public sealed class ResponseRequestMapperTests
{
    private static MappedResponseRequest Map(string json) =>
        ResponseRequestMapper.Map(JsonSerializer.Deserialize<ResponseCreateRequest>(json, OpenAIJson.Options)!, "resp_test", DateTimeOffset.UnixEpoch);

    private static ApiException Refused(string json) => Assert.Throws<ApiException>(() => Map(json));

    [Theory]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f"},{"type":"web_search"}]}""", "tools[1].type")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"mcp","server_url":"https://x"}]}""", "tools[0].server_label")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"bad name"}]}""", "tools[0].name")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":{"type":"function"},"tools":[{"type":"function","name":"f"}]}""", "tool_choice.name")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","schema":{"type":"object"}}}}""", "text.format.name")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x","schema":"no"}}}""", "text.format.schema")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"yaml"}}}""", "text.format.type")]
    [InlineData("""{"model":"m","input":"hi","background":true,"store":false}""", "background")]
    [InlineData("""{"model":"m","input":"hi","conversation":"conv_1","previous_response_id":"resp_1"}""", "previous_response_id")]
    [InlineData("""{"model":"m","input":"hi","truncation":"middle"}""", "truncation")]
    [InlineData("""{"model":"m","input":"hi","temperature":3}""", "temperature")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":0}""", "max_output_tokens")]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":5}""", "input")]
    [InlineData("""{"model":"m","input":[{"role":"tool","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"model":"m","input":[{"type":"reasoning","summary":[]}]}""", "input[0].type")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1"}]}]}""", "input[0].content[0].file_id")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"ftp://x"}]}]}""", "input[0].content[0].image_url")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"!!","format":"wav"}}]}]}""", "input[0].content[0].input_audio.data")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"output_text","text":"x"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"[1]"}]}""", "input[0].arguments")]
    [InlineData("""{"model":"m","input":[{"type":"function_call_output","output":"x"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"m","input":"hi","metadata":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12","m":"13","n":"14","o":"15","p":"16","q":"17"}}""", "metadata")]
    public void A_bad_field_is_a_400_naming_its_path(string json, string param)
    {
        var error = Refused(json);

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void An_unknown_tool_type_is_named_in_the_message()
    {
        var error = Refused("""{"model":"m","input":"hi","tools":[{"type":"code_interpreter"}]}""");

        Assert.Contains("'code_interpreter'", error.Message);
        Assert.Equal("unsupported_tool_type", error.Code);
    }

    [Fact]
    public void Function_tools_tool_choice_format_and_sampling_become_chat_options()
    {
        var mapped = Map("""
            {"model":"m","input":"hi","instructions":"be brief","temperature":0.5,"top_p":0.9,"max_output_tokens":7,"parallel_tool_calls":false,
             "tools":[{"type":"function","name":"get_time","description":"now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"type":"function","name":"get_time"},
             "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}},
             "metadata":{"k":"v"}}
            """);

        Assert.Equal(0.5f, mapped.Options.Temperature);
        Assert.Equal(0.9f, mapped.Options.TopP);
        Assert.Equal(7, mapped.Options.MaxOutputTokens);
        Assert.False(mapped.Options.AllowMultipleToolCalls);
        Assert.Equal("get_time", Assert.IsType<AIFunctionDeclaration>(Assert.Single(mapped.Options.Tools!), exactMatch: false).Name);
        Assert.Equal("get_time", Assert.IsType<RequiredChatToolMode>(mapped.Options.ToolMode).RequiredFunctionName);
        Assert.Equal("answer", Assert.IsType<ChatResponseFormatJson>(mapped.Options.ResponseFormat).SchemaName);
        Assert.Equal("be brief", mapped.Template.Instructions);
        Assert.Equal("v", mapped.Template.Metadata["k"]);
        Assert.True(mapped.Template.Store);
        Assert.Equal("disabled", mapped.Template.Truncation);
        Assert.Equal("""{"type":"function","name":"get_time"}""", mapped.Template.ToolChoice.GetRawText());
    }

    [Fact]
    public void A_string_input_is_one_user_message_and_items_get_fresh_ids()
    {
        var text = Map("""{"model":"m","input":"hi"}""");
        var items = Map("""
            {"model":"m","input":[{"role":"developer","content":"rules"},{"type":"message","id":"msg_client","role":"assistant","content":[{"type":"output_text","text":"hello"}]},
             {"type":"function_call","call_id":"call_1","name":"f","arguments":"{\"a\":1}"},{"type":"function_call_output","call_id":"call_1","output":"42"}]}
            """);

        var message = Assert.IsType<MessageItem>(Assert.Single(text.Input));
        Assert.Equal(("user", "hi"), (message.Role, Assert.IsType<InputTextPart>(Assert.Single(message.Content)).Text));
        Assert.StartsWith("msg_", message.Id);
        Assert.Equal(["msg_", "msg_", "fc_", "fco_"], items.Input.Select(i => i.Id[..(i.Id.IndexOf('_') + 1)]));
        Assert.DoesNotContain(items.Input, i => i.Id == "msg_client");
        Assert.True(items.Input.All(i => i.Id.Length >= 32 + 3));
    }
}
