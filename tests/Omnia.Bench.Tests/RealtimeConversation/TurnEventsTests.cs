using System.ClientModel.Primitives;
using Omnia.Bench.RealtimeConversation;
using OpenAI.Realtime;

namespace Omnia.Bench.Tests.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; these events are parsed by it as the bench's are.

/// <summary>A turn's events, as the official SDK parses Omnia's JSON for the bench.</summary>

public sealed class TurnEventsTests
{
    [Fact]
    public void The_answer_is_the_first_response_done_after_the_end_of_speech_and_earlier_ones_are_cut_ins()
    {
        var speechEnd = new TaskCompletionSource();
        var turn = new TurnEvents(speechEnd.Task);

        turn.See(Event("""{"type":"response.output_audio.delta","response_id":"r1","delta":""}""", 10));
        turn.See(Event("""{"type":"response.done","response":{"id":"r1","status":"completed"}}""", 11));
        speechEnd.SetResult();
        turn.See(Event("""{"type":"response.done","response":{"id":"r2","status":"cancelled"}}""", 12));
        turn.See(Event("""{"type":"response.output_audio_transcript.delta","response_id":"r3","delta":"Once"}""", 13));
        turn.See(Event("""{"type":"response.output_audio.delta","response_id":"r3","delta":""}""", 14));
        turn.See(Event("""{"type":"response.output_audio.delta","response_id":"r3","delta":""}""", 15));
        turn.See(Event("""{"type":"response.done","response":{"id":"r3","status":"completed","usage":{"input_tokens":412,"input_token_details":{"cached_tokens":380}}}}""", 16));
        turn.See(Event("""{"type":"response.done","response":{"id":"r4","status":"completed"}}""", 17));

        Assert.Equal(2, turn.Interrupted);
        Assert.Equal("r3", turn.Answer?.Id);
        Assert.Equal(412, turn.Answer?.PromptTokens());
        Assert.Equal(380, turn.Answer?.CachedTokens());
        Assert.Equal(14, turn.FirstAudio["r3"]);
        Assert.Equal(13, turn.FirstText["r3"]);
    }

    [Fact]
    public void Only_the_transcript_of_an_item_this_turn_committed_is_its_own()
    {
        var turn = new TurnEvents(Task.CompletedTask);

        turn.See(Event("""{"type":"conversation.item.input_audio_transcription.completed","item_id":"old","transcript":"last turn"}""", 1));
        Assert.Null(turn.Transcript);
        turn.See(Event("""{"type":"input_audio_buffer.committed","item_id":"new"}""", 2));
        turn.See(Event("""{"type":"conversation.item.input_audio_transcription.completed","item_id":"new","transcript":"how far is the moon"}""", 3));

        Assert.Equal("how far is the moon", turn.Transcript);
    }

    [Fact]
    public void Error_events_and_a_failed_answers_reason_are_read()
    {
        var turn = new TurnEvents(Task.CompletedTask);

        turn.See(Event("""{"type":"error","error":{"type":"server_error","code":"context_length_exceeded","message":"2104 tokens of 2048"}}""", 1));
        turn.See(Event("""{"type":"response.done","response":{"id":"r","status":"failed","status_details":{"type":"failed","error":{"code":"engine","message":"decode failed"}}}}""", 2));

        Assert.Equal(["2104 tokens of 2048"], turn.Errors);
        Assert.Equal("failed", turn.Answer?.StatusText());
        Assert.Equal("decode failed", turn.Answer?.ErrorMessage());
        Assert.Null(turn.Answer?.PromptTokens());
    }

    private static ReceivedUpdate Event(string json, long timestamp) =>
        new(ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromString(json))!, timestamp);
}
