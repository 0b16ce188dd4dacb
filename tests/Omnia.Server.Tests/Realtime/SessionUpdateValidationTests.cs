using System.Text.Json;

namespace Omnia.Server.Tests.Realtime;

/// <summary><c>session.update</c> fields of the wrong JSON kind are errors naming them, and a refused update changes nothing.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class SessionUpdateValidationTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    [Theory]
    [InlineData("""{"instructions":{}}""", "session.instructions")]
    [InlineData("""{"temperature":"hot"}""", "session.temperature")]
    [InlineData("""{"tools":[1]}""", "session.tools[0]")]
    [InlineData("""{"tools":[{"name":5}]}""", "session.tools[0].name")]
    [InlineData("""{"output_modalities":"audio"}""", "session.output_modalities")]
    [InlineData("""{"audio":{"input":{"turn_detection":5}}}""", "session.audio.input.turn_detection")]
    [InlineData("""{"audio":{"input":{"turn_detection":{"type":"server_vad","silence_duration_ms":"long"}}}}""", "session.audio.input.turn_detection.silence_duration_ms")]
    [InlineData("""{"audio":{"output":{"voice":["alloy"]}}}""", "session.audio.output.voice")]
    [InlineData("""{"omnia":{"translate":{"from":1,"to":"es"}}}""", "session.omnia.translate.from")]
    public async Task A_field_of_the_wrong_kind_is_an_invalid_type_error_naming_it(string session, string param)
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync($$"""{"type":"session.update","event_id":"evt_bad","session":{{session}}}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("invalid_type", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("evt_bad", error.GetProperty("event_id").GetString());
    }

    [Theory]
    [InlineData("""{"tool_choice":{"type":"function","name":"f"}}""", "session.tool_choice")]
    [InlineData("""{"tool_choice":"sometimes"}""", "session.tool_choice")]
    [InlineData("""{"max_output_tokens":0}""", "session.max_output_tokens")]
    public async Task An_unsupported_value_is_an_invalid_value_error(string session, string param)
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync($$"""{"type":"session.update","session":{{session}}}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");

        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_refused_update_applies_none_of_its_fields()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        var created = (await socket.ReceiveUntilAsync("session.created"))[^1].GetProperty("session");

        // The good fields come before the bad one, so applying as it reads would have changed them.
        await socket.SendAsync("""{"type":"session.update","session":{"instructions":"Speak like a pirate.","output_modalities":["text"],"temperature":"hot"}}""");
        await socket.ReceiveUntilAsync("error");
        await socket.SendAsync("""{"type":"session.update","session":{}}""");
        var after = (await socket.ReceiveUntilAsync("session.updated"))[^1].GetProperty("session");

        Assert.Equal(created.GetProperty("instructions").GetString(), after.GetProperty("instructions").GetString());
        Assert.Equal(created.GetProperty("output_modalities").GetRawText(), after.GetProperty("output_modalities").GetRawText());
    }
}
