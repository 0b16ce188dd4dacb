using System.ClientModel;
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
}
