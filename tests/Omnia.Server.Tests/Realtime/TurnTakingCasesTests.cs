using System.Text.Json;
using Omnia.Audio;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// The fast cases of <c>bench turns</c> as tests: real speech and noise played in real time into semantic_vad with the
/// server's default end-of-turn reading (auto: stories260K has no end-of-turn token, so pocketsphinx's n-gram LM),
/// Silero and pocketsphinx. What they assert only grows safer when the machine is slow (recognition then lags, and
/// the turn waits as after an unfinished word), so a loaded CI does not make them flaky.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class TurnTakingCasesTests(StoriesServerFixture fixture)
{
    private const string AlsaNoise = "/usr/share/sounds/alsa/Noise.wav";

    [Fact]
    public async Task A_phrase_that_stops_mid_sentence_for_700_ms_is_one_turn_with_its_continuation()
    {
        await using var client = await SemanticSessionAsync(createResponse: false);

        var first = await Utterances.SpokenAsync("please remind me to", 0.3, 0.7);
        var second = await Utterances.SpokenAsync("call my sister", 0, 1.5);
        await client.AppendSpeechAsync([.. first, .. second], realTime: true);
        await client.WaitForAsync("input_audio_buffer.committed");
        await BarrierAsync(client);

        Assert.True(1 == Count(client, "input_audio_buffer.committed"), "heard: " + Heard(client));
    }

    [Fact]
    public async Task Noise_alone_opens_no_turn()
    {
        await using var client = await SemanticSessionAsync(createResponse: true);
        await using var file = File.OpenRead(AlsaNoise);
        var noise = (await new AudioCodec().DecodeAsync(file, 16000, 1)).Samples.ToArray();

        await client.AppendSpeechAsync([.. noise, .. new float[16000 * 2]], realTime: true);
        await BarrierAsync(client);

        Assert.Equal(0, Count(client, "input_audio_buffer.committed"));
        Assert.Equal(0, Count(client, "response.created"));
    }

    [Fact]
    public async Task A_backchannel_said_over_the_answer_does_not_stop_it()
    {
        await using var client = await SemanticSessionAsync(createResponse: true, maxOutputTokens: 200);
        await client.SendAsync(new { type = "response.create" });
        var firstAudio = await client.WaitForAsync("response.output_audio.delta");

        await client.AppendSpeechAsync(await Utterances.SpokenAsync("yeah", 0.2, 1.5), realTime: true);
        await BarrierAsync(client);

        Assert.Equal(0, Count(client, "input_audio_buffer.speech_started"));
        Assert.DoesNotContain(client.All, e => e.GetProperty("type").GetString() == "response.done"
            && e.GetProperty("response").GetProperty("status").GetString() == "cancelled");
        Assert.NotNull(firstAudio.GetProperty("response_id").GetString());
    }

    private async Task<RealtimeTestClient> SemanticSessionAsync(bool createResponse, int maxOutputTokens = 4)
    {
        var client = await RealtimeTestClient.ConnectAsync(fixture.Server.BaseAddress);
        await client.SendAsync(new
        {
            type = "session.update",
            session = new
            {
                type = "realtime", max_output_tokens = maxOutputTokens, instructions = "Answer at length.",
                audio = new { input = new { turn_detection = new { type = "semantic_vad", eagerness = "auto", create_response = createResponse } } },
            },
        });
        await client.WaitForAsync("session.updated");
        return client;
    }

    /// <summary>An event the server answers after everything sent before it: every decision on the audio has been made.</summary>
    private static async Task BarrierAsync(RealtimeTestClient client)
    {
        await client.SendAsync(new { type = "conversation.item.retrieve", item_id = "item_barrier", event_id = "evt_barrier" });
        await client.WaitForAsync("error", where: e => e.GetProperty("error").GetProperty("event_id").GetString() == "evt_barrier");
    }

    private static int Count(RealtimeTestClient client, string type) => client.All.Count(e => e.GetProperty("type").GetString() == type);

    private static string Heard(RealtimeTestClient client) => string.Join(" | ", client.All
        .Where(e => e.GetProperty("type").GetString() == "conversation.item.input_audio_transcription.completed")
        .Select(e => e.GetProperty("transcript").GetString()));
}
