using System.Text;
using Omnia.Server.Realtime;
using Omnia.Server.Realtime.Events.Client;

namespace Omnia.Server.Tests.Realtime.Events;

/// <summary>Client events read into typed records: <c>type</c> anywhere, and every fault an error naming what is wrong.</summary>
public sealed class RealtimeClientEventReaderTests
{
    [Fact]
    public void An_event_whose_type_is_not_first_is_read()
    {
        var evt = Read("""{"audio":"AAAA","event_id":"evt_1","type":"input_audio_buffer.append"}""");

        var append = Assert.IsType<InputAudioAppendEvent>(evt);
        Assert.Equal(("AAAA", "evt_1"), (append.Audio, append.EventId));
    }

    [Fact]
    public void A_nested_item_is_read_into_its_record()
    {
        var evt = Read("""{"item":{"content":[{"text":"hi","type":"input_text"}],"role":"user","type":"message"},"previous_item_id":"item_0","type":"conversation.item.create"}""");

        var create = Assert.IsType<ItemCreateEvent>(evt);
        Assert.Equal(("message", "user", "hi", "item_0"), (create.Item!.Type, create.Item.Role, create.Item.Content![0].Text, create.PreviousItemId));
    }

    [Theory]
    [InlineData("""{"type":"session.dance","event_id":"evt_2"}""", "invalid_event_type", "type", "evt_2")]
    [InlineData("""{"event_id":"evt_3","x":1}""", "missing_required_parameter", "type", "evt_3")]
    [InlineData("""{"type":5,"event_id":"evt_4"}""", "missing_required_parameter", "type", "evt_4")]
    [InlineData("""{"type":"input_audio_buffer.append","audio":5,"event_id":"evt_5"}""", "invalid_type", "audio", "evt_5")]
    [InlineData("""{"event_id":"evt_6","type":"conversation.item.create","item":{"type":"message","content":"text"}}""", "invalid_type", "item.content", "evt_6")]
    [InlineData("""{"type":"conversation.item.create","item":{"type":"message","content":[{"text":7}]}}""", "invalid_type", "item.content[0].text", null)]
    [InlineData("""{"type":"session.update","session":[1]}""", "invalid_type", "session", null)]
    [InlineData("""{"type":"conversation.item.truncate","audio_end_ms":"ten"}""", "invalid_type", "audio_end_ms", null)]
    [InlineData("""{"type":"response.create","response":{"audio":{"output":{"voice":5}}}}""", "invalid_type", "response.audio.output.voice", null)]
    [InlineData("""{"type":"response.create","response":{"max_output_tokens":"lots"}}""", "invalid_type", "response.max_output_tokens", null)]
    [InlineData("""{"type":"session.update","type":"response.create"}""", "invalid_json", null, null)]
    [InlineData("""{"type":"session.update",""", "invalid_json", null, null)]
    [InlineData("[1,2]", "invalid_json", null, null)]
    public void A_bad_event_is_refused_with_its_code_param_and_event_id(string json, string code, string? param, string? eventId)
    {
        var refused = Assert.Throws<RealtimeProtocolException>(() => Read(json));

        Assert.Equal((code, param, eventId), (refused.Code, refused.Param, refused.EventId));
    }

    [Fact]
    public void A_response_without_a_token_limit_overrides_the_sessions_limit()
    {
        var create = Assert.IsType<ResponseCreateEvent>(Read("""{"type":"response.create","response":{"max_output_tokens":"inf","audio":{"output":{"voice":"echo"}}}}"""));

        var options = RealtimeResponseOptions.From(new RealtimeSessionConfig { MaxOutputTokens = 20 }, create.Response);

        Assert.Equal(((int?)null, "echo"), (options.MaxOutputTokens, options.Voice));
    }

    private static RealtimeClientEvent Read(string json) => RealtimeClientEventReader.Read(Encoding.UTF8.GetBytes(json));
}
