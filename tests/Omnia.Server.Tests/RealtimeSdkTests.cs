using System.ClientModel;
using Omnia.Audio;
using OpenAI.Realtime;

namespace Omnia.Server.Tests;

/// <summary>The official OpenAI .NET SDK's realtime client, unchanged, against Omnia.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeSdkTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task The_sdk_holds_a_conversation_and_hears_the_spoken_answer()
    {
        var client = new RealtimeClient(new ApiKeyCredential("key"), new RealtimeClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });
        using var session = await client.StartConversationSessionAsync("stories260k");
        await session.ConfigureConversationSessionAsync(new RealtimeConversationSessionOptions { Instructions = "Tell short stories." });
        await session.AddItemAsync(RealtimeItem.CreateUserMessageItem("Once upon a time"));
        await session.StartResponseAsync();

        var transcript = new System.Text.StringBuilder();
        var audioDeltas = 0;
        RealtimeServerUpdateResponseDone? done = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            switch (update)
            {
                case RealtimeServerUpdateError error:
                    Assert.Fail("error event: " + error.Error?.Message);
                    break;
                case RealtimeServerUpdateResponseOutputAudioTranscriptDelta delta:
                    transcript.Append(delta.Delta);
                    break;
                case RealtimeServerUpdateResponseOutputAudioDelta:
                    audioDeltas++;
                    break;
                case RealtimeServerUpdateResponseDone finished:
                    done = finished;
                    break;
            }
            if (done is not null) break;
        }

        Assert.NotNull(done);
        Assert.NotEmpty(transcript.ToString());
        Assert.True(audioDeltas > 0);
    }

    /// <summary>
    /// A spoken turn with input transcription on, read by the SDK's typed enumeration, which ends at the first event
    /// its models cannot read: every event of the turn must fit them (a fractional <c>usage.seconds</c> in
    /// <c>conversation.item.input_audio_transcription.completed</c> did not: the SDK reads it as an integer).
    /// </summary>
    [Fact]
    public async Task The_sdk_reads_every_event_of_a_spoken_turn()
    {
        var client = new RealtimeClient(new ApiKeyCredential("key"), new RealtimeClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });
        using var session = await client.StartConversationSessionAsync("stories260k");
        await session.ConfigureConversationSessionAsync(new RealtimeConversationSessionOptions
        {
            MaxOutputTokenCount = new RealtimeMaxOutputTokenCount(8),
            AudioOptions = new RealtimeConversationSessionAudioOptions
            {
                InputAudioOptions = new RealtimeConversationSessionInputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat(),
                    AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = "pocketsphinx-en-us" },
                    TurnDetection = new RealtimeServerVadTurnDetection(),
                },
            },
        });
        var speech = await new AudioCodec().DecodeAsync(new MemoryStream(await SpeechAudio.FliteWavAsync("What is the weather like today?")), 24000, 1);
        float[] audio = [.. speech.Samples.ToArray(), .. new float[24000 * 3 / 2]];
        var pcm16 = new byte[audio.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio, pcm16);
        await session.SendInputAudioAsync(BinaryData.FromBytes(pcm16));

        string? heard = null;
        RealtimeResponse? answer = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            if (update is RealtimeServerUpdateError error) Assert.Fail("error event: " + error.Error?.Message);
            if (update is RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted completed) heard = completed.Transcript;
            if (update is RealtimeServerUpdateResponseDone done) answer = done.Response;
            if (heard is not null && answer is not null) break;
        }

        Assert.Contains("weather", heard);
        Assert.True(answer?.Status == RealtimeResponseStatus.Completed || answer?.Status == RealtimeResponseStatus.Incomplete, $"{answer?.Status}");
        Assert.True(answer?.Usage?.InputTokenCount > 0);
    }
}
