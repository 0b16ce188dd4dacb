namespace Omnia.Server.Tests.Realtime;

/// <summary>A client's function call item is read when it is created: arguments that are not a JSON object are refused then, naming the field.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class FunctionCallItemTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    [Fact]
    public async Task A_function_call_whose_arguments_are_not_json_is_refused_at_creation_and_later_answers_work()
    {
        await using var socket = await RealtimeRawSocket.ConnectAsync(_server.BaseAddress);
        await socket.ReceiveUntilAsync("session.created");

        await socket.SendAsync("""{"type":"conversation.item.create","event_id":"evt_call","item":{"id":"item_call","type":"function_call","call_id":"c1","name":"f","arguments":"{not json"}}""");
        var error = (await socket.ReceiveUntilAsync("error"))[^1].GetProperty("error");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","output_modalities":["text"],"max_output_tokens":4}}""");
        await socket.ReceiveUntilAsync("session.updated");
        await socket.SendAsync("""{"type":"response.create"}""");
        var events = await socket.ReceiveUntilAsync("response.done");

        Assert.Equal(("invalid_value", "item.arguments", "evt_call"),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("event_id").GetString()));
        Assert.Equal("completed", events[^1].GetProperty("response").GetProperty("status").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "error");
    }
}
