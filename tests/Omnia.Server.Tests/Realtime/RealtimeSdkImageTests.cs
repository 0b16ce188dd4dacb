using System.ClientModel;
using OpenAI.Realtime;

namespace Omnia.Server.Tests.Realtime;

/// <summary>The official SDK's <c>input_image</c> content part, unchanged, against Omnia: sent, echoed back, and answered.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeSdkImageTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task The_sdk_shows_a_picture_reads_it_back_and_gets_an_answer()
    {
        var png = await TestImages.TextPngAsync("HELLO", width: 300, height: 120);
        var client = new RealtimeClient(new ApiKeyCredential("key"), new RealtimeClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "v1") });
        using var session = await client.StartConversationSessionAsync("stories260k");
        await session.ConfigureConversationSessionAsync(new RealtimeConversationSessionOptions { Instructions = "Answer.", MaxOutputTokenCount = 2 });
        await session.AddItemAsync(RealtimeItem.CreateUserMessageItem(
            [new RealtimeInputTextMessageContentPart("What does it say?"), new RealtimeInputImageMessageContentPart(new Uri(TestImages.DataUrl(png, "image/png")))]));
        await session.StartResponseAsync();

        RealtimeMessageItem? echoed = null;
        RealtimeServerUpdateResponseDone? done = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            switch (update)
            {
                case RealtimeServerUpdateError error:
                    Assert.Fail("error event: " + error.Error?.Message);
                    break;
                case RealtimeServerUpdateConversationItemAdded { Item: RealtimeMessageItem { Role: var role } message } when role == RealtimeMessageRole.User:
                    echoed = message;
                    break;
                case RealtimeServerUpdateResponseDone finished:
                    done = finished;
                    break;
            }
            if (done is not null) break;
        }

        Assert.NotNull(echoed);
        Assert.IsType<RealtimeInputImageMessageContentPart>(echoed.Content[1]);
        Assert.Equal(RealtimeResponseStatus.Completed, done?.Response.Status);
    }
}
