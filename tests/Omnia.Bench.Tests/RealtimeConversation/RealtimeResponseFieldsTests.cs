using System.ClientModel.Primitives;
using Omnia.Bench.RealtimeConversation;
using OpenAI.Realtime;

namespace Omnia.Bench.Tests.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; this response is parsed by it as the bench's are.

public sealed class RealtimeResponseFieldsTests
{
    [Fact]
    public void Omnias_latency_extension_and_the_output_item_ids_are_read_from_the_sdks_response()
    {
        var done = (RealtimeServerUpdateResponseDone)ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromString("""
            {"type":"response.done","response":{"id":"r1","status":"completed","output":[{"id":"item7","type":"message","role":"assistant","content":[]}],
             "omnia":{"latency":{"turn_decided_ms":210.5,"first_token_ms":240,"note":"not a number"}}}}
            """))!;

        Assert.Equal(new Dictionary<string, double> { ["turn_decided_ms"] = 210.5, ["first_token_ms"] = 240 }, done.Response.OmniaLatency());
        Assert.Equal(["item7"], done.Response.OutputItemIds());
    }

    [Fact]
    public void A_response_from_a_server_without_omnias_extension_has_an_empty_trace()
    {
        var done = (RealtimeServerUpdateResponseDone)ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromString("""
            {"type":"response.done","response":{"id":"r1","status":"completed","output":[]}}
            """))!;

        Assert.Empty(done.Response.OmniaLatency());
    }
}
